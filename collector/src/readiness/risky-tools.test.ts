import { describe, expect, it } from 'vitest'
import { DEFAULT_RISKY_TOOL_PATTERNS, nameWords, riskyMatcher } from './risky-tools.ts'

describe('nameWords', () => {
  it.each<[string, string[]]>([
    ['purge_customer_records', ['purge', 'customer', 'records']],
    ['sendEmail', ['send', 'email']],
    ['HTTPPost', ['http', 'post']],
    ['files.delete-all', ['files', 'delete', 'all']],
    ['mcp__github__create_pull_request', ['mcp', 'github', 'create', 'pull', 'request']],
    ['s3:PutObject', ['s3', 'put', 'object']],
  ])('%s → %j', (name, words) => expect(nameWords(name)).toEqual(words))
})

describe('riskyMatcher, default patterns', () => {
  const risky = riskyMatcher(DEFAULT_RISKY_TOOL_PATTERNS)
  it.each<[string, boolean]>([
    ['purge_customer_records', true],
    ['deleteFile', true],
    ['files.delete', true],
    ['remove_user', true],
    ['refund_order', true],
    ['charge_card', true],
    ['place_order', true],
    ['send_email', true],
    ['http_post', true],
    ['write_file', true],
    ['run_command', true],
    ['runCommand', true],
    ['run_sql', true],
    ['Bash', true],
    ['execute_tool purge_cache', true],
    ['transfer_funds', true],
    // words that only contain a risky verb
    ['undelete', false],
    ['get_postcode', false],
    ['reorder_list', false],
    ['mysql_select', false],
    ['payload_parser', false],
    ['dropdown_options', false],
    // a name led by a read verb only looks
    ['get_charge_status', false],
    ['get_order', false],
    ['list_emails', false],
    ['check_refund_status', false],
    ['search', false],
    ['get_weather', false],
    // the OTel span name of a tool call is not the tool's verb
    ['execute_tool get_weather', false],
    ['run', false],
  ])('%s: %s', (name, yes) => expect(risky(name)).toBe(yes))
})

describe('riskyMatcher, policy patterns', () => {
  it.each<[string[], string, boolean]>([
    [['delete'], 'Delete_File', true],
    [['delete'], 'search', false],
    [['delete'], 'undelete', false],
    [['wire_money'], 'wireMoney', true],
    [['get_secret'], 'get_secret_value', true],
    [['/^pay_/'], 'pay_invoice', true],
    [['/^pay_/'], 'repay_loan', false],
    [['/^rm_/i'], 'RM_rf', true],
    [['/del/'], 'undelete', true],
    [['/^get_/g'], 'get_secret', true],
    [['/[/'], 'x/[/y', true],
  ])('%j matches %s: %s', (patterns, name, yes) => expect(riskyMatcher(patterns)(name)).toBe(yes))

  it('a stateful regex flag does not change the answer for the next name', () => {
    const risky = riskyMatcher(['/^get_/g'])
    expect([risky('get_a'), risky('get_b'), risky('get_c')]).toEqual([true, true, true])
  })
})
