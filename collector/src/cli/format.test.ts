import { describe, expect, it } from 'vitest'
import { driftCsv, readinessCsv, toJson, traceListCsv, withFinalNewline } from './format.ts'
import { DRIFT, READINESS, tid } from './testing.ts'

describe('csv', () => {
  it('has a column per trace field, lists joined with ;', () => {
    const text = traceListCsv({
      traces: [
        {
          traceId: '0af7651916cd43dd8448eb211c80319c',
          rootName: 'root, with comma',
          serviceNames: ['a', 'b'],
          agentNames: [],
          models: ['gpt-4o'],
          startTimeUnixNano: '1738315502000000000',
          durationMs: 12.5,
          spanCount: 3,
          llmCalls: 1,
          toolCalls: 0,
          inputTokens: 1000,
          outputTokens: 500,
          cacheReadTokens: 0,
          reasoningTokens: 0,
          costUsd: 0.0075,
          unpricedCalls: 0,
          errorCount: 0,
          sessionId: null,
          userId: 'u1',
          findingCount: 0,
          running: false,
        },
      ],
      nextCursor: null,
    })
    const [header, row] = text.trimEnd().split('\r\n')
    expect(header?.split(',')).toEqual([
      'traceId',
      'startTime',
      'startTimeUnixNano',
      'durationMs',
      'rootName',
      'serviceNames',
      'agentNames',
      'models',
      'spanCount',
      'llmCalls',
      'toolCalls',
      'inputTokens',
      'outputTokens',
      'cacheReadTokens',
      'reasoningTokens',
      'costUsd',
      'unpricedCalls',
      'errorCount',
      'sessionId',
      'userId',
      'findingCount',
      'running',
    ])
    expect(row).toBe(
      '0af7651916cd43dd8448eb211c80319c,2025-01-31T09:25:02.000Z,1738315502000000000,12.5,"root, with comma",a;b,,gpt-4o,3,1,0,1000,500,0,0,0.0075,0,0,,u1,0,false',
    )
  })
})

describe('readiness csv', () => {
  const [header, ...rows] = readinessCsv(READINESS).trimEnd().split('\r\n')

  it('has one line per service, agent and check', () => {
    expect(header).toBe('service,agent,check,title,verdict,summary,figures,exampleTraceIds')
    expect(rows).toHaveLength(20)
    expect(rows.filter((r) => r.startsWith('shop-api,careful,'))).toHaveLength(10)
  })

  it('writes figures as key=value;…, an unmeasured one empty, and the example traces joined with ;', () => {
    expect(rows[0]).toBe(
      `shop-api,reckless,step-limit,Step limit,fail,The longest run took 30 steps; the limit is 12.,stepsMax=30;maxSteps=12;stepsP95=,${tid(1)};${tid(2)}`,
    )
    expect(rows).toContain(
      'shop-api,reckless,guardrails,Guardrails,warn,"No guardrail spans, in 8 traces.",guardrailSpans=0,',
    )
  })
})

describe('drift csv', () => {
  it('has the table columns with raw numbers, drifted first', () => {
    const [header, ...rows] = driftCsv(DRIFT).trimEnd().split('\r\n')
    expect(header).toBe(
      'agent,model,feature,test,nRef,nCur,statistic,pAdjusted,effectSize,threshold,verdict,p50Ref,p50Cur,rateRef,rateCur',
    )
    expect(rows).toEqual([
      'planner,gpt-4o,latency-ms,ks,400,120,0.93,3e-39,0.93,0.1,drifted,800,1650,,',
      'planner,gpt-4o,input-tokens-per-call,ks,400,120,0.05,0.8,0.05,0.1,stable,1000,1010,,',
      'planner,gpt-4o,call-error-rate,two-proportion,400,12,,,,0.02,insufficient data,,,0.01,',
      'planner,,steps-per-trace,chi-square,400,120,12.4,0.0042,0.012,0.05,stable,3,3.5,,',
      'planner,,trace-error-rate,two-proportion,400,120,-1.2,0.8,-0.004,0.02,stable,,,0.02,0.016',
    ])
  })
})

describe('json and text', () => {
  it('pretty-prints with a final newline', () => {
    expect(toJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}\n')
  })

  it.each([
    ['a,b\n', 'a,b\n'],
    ['a,b', 'a,b\n'],
    ['', '\n'],
  ])('withFinalNewline(%j)', (text, out) => {
    expect(withFinalNewline(text)).toBe(out)
  })
})
