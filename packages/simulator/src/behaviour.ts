import { z } from 'zod';

/**
 * How a simulated gateway behaves. Every field can be changed while it runs (through the
 * control API or `SimulatedGateway.configure`), which is how tests and the demo inject faults.
 */
export const deliveryStates = ['DELIVRD', 'UNDELIV', 'EXPIRED', 'REJECTD'] as const;

export const behaviourSchema = z
  .object({
    /**
     * normal: answers everything. down: refuses connections and drops every session.
     * blackhole: accepts binds but never answers a submit (a gateway that stopped answering).
     * reject: answers every submit with a system error.
     */
    mode: z.enum(['normal', 'down', 'blackhole', 'reject']).default('normal'),
    /** Status-report delay, uniformly drawn between min and max milliseconds. */
    dlrDelayMs: z
      .object({ min: z.number().int().min(0), max: z.number().int().min(0) })
      .refine((d) => d.max >= d.min, 'dlrDelayMs.max must be at least dlrDelayMs.min')
      .default({ min: 100, max: 1_000 }),
    /** Relative weights of the report states; they need not sum to 1. */
    dlrMix: z
      .partialRecord(z.enum(deliveryStates), z.number().min(0))
      .refine((mix) => Object.values(mix).some((w) => w > 0), 'dlrMix needs at least one positive weight')
      .default({ DELIVRD: 1 }),
    /** Submits per second per account above which the protocol's throttling status is returned; 0 = no limit. */
    throttleTps: z.number().min(0).default(0),
    /** Probability, per submit received, of dropping the connection without answering. */
    disconnectProbability: z.number().min(0).max(1).default(0),
    /** MO messages generated per second per account (0 = none); see `moFrom`, `moTexts`. */
    moPerSecond: z.number().min(0).default(0),
    moFrom: z
      .array(z.string().regex(/^\d{5,20}$/))
      .min(1)
      .default(['13800138000']),
    moTexts: z.array(z.string().min(1)).min(1).default(['TD', '收到，谢谢']),
    /** Where generated MO is addressed (SP number + extension); default: the account's own number. */
    moTo: z.string().optional(),
  })
  .strict();

export type Behaviour = z.infer<typeof behaviourSchema>;
export type BehaviourInput = z.input<typeof behaviourSchema>;
export type SimulatedState = (typeof deliveryStates)[number];

export function parseBehaviour(input: unknown): Behaviour {
  return behaviourSchema.parse(input ?? {});
}

/** Picks a state by weight; `random` is injectable for tests. */
export function pickState(mix: Behaviour['dlrMix'], random = Math.random): SimulatedState {
  let total = 0;
  for (const state of deliveryStates) total += mix[state] ?? 0;
  let point = random() * total;
  for (const state of deliveryStates) {
    const weight = mix[state] ?? 0;
    if (point < weight) return state;
    point -= weight;
  }
  return 'DELIVRD';
}
