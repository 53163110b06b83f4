import type { Carrier } from '@smshub/sms';

export type ChannelRole = 'primary' | 'cross_carrier' | 'backup';
export type ChannelProtocol = 'smpp' | 'cmpp' | 'sgip' | 'smgp' | 'cngp' | 'modem';

/** What routing and scheduling need to know of a channel (its configuration, not its state). */
export interface ChannelInfo {
  readonly id: string;
  readonly name: string;
  readonly protocol: ChannelProtocol;
  readonly carriers: readonly Carrier[];
  readonly role: ChannelRole;
  readonly weight: number;
  /** li per segment. */
  readonly cost: number;
  readonly tps: number;
  readonly windowSize: number;
  readonly maxBinds: number;
  readonly enabled: boolean;
}

/**
 * A channel's live state as its owning worker publishes it. Absent or stale state means the
 * channel is down as far as scheduling is concerned.
 */
export interface ChannelLiveState {
  readonly up: boolean;
  /** Bound sessions now. */
  readonly binds: number;
  /** Unacknowledged submits across binds, and the window across binds. */
  readonly inFlight: number;
  readonly window: number;
  /** Submits per second allowed now (lowered after throttling errors) and done recently. */
  readonly allowedTps: number;
  readonly rate: number;
  /** Messages handed to the channel and not yet taken by its worker. */
  readonly queued: number;
  /** Messages its worker has taken and that wait for a submit slot. */
  readonly waiting: number;
  /** Share of recent submits that failed (0..1), and of recent reports that were DELIVRD. */
  readonly errorRate: number;
  readonly deliveredRate: number;
  /**
   * Its owner stopped it on purpose (shutting down, or handing the channel to another worker):
   * down for want of an owner, not because the gateway failed. Absent means false.
   */
  readonly released?: boolean;
  /** Epoch ms of the owner's last publication. */
  readonly updatedAt: number;
}
