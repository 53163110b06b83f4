import type { BindMode } from '../engine/protocol.js';

/**
 * LoginMode of SMGP (spec §6.2.3, go_smgp constants.go) and CNGP (wujunjenny/smgw cngpdef.h
 * "0=发送短消息，1=接收短消息，2=收发短消息"; RongDi cngp_packet.h LOGIN_MODE): 0 send, 1 receive,
 * 2 transmit (both ways).
 */
export const LoginMode = { send: 0, receive: 1, transmit: 2 } as const;

export function loginModeOf(mode: BindMode): number {
  switch (mode) {
    case 'transmitter':
      return LoginMode.send;
    case 'receiver':
      return LoginMode.receive;
    case 'transceiver':
      return LoginMode.transmit;
  }
}

/** Bind mode of a LoginMode byte; null for values the specs reserve. */
export function bindModeOf(loginMode: number): BindMode | null {
  switch (loginMode) {
    case LoginMode.send:
      return 'transmitter';
    case LoginMode.receive:
      return 'receiver';
    case LoginMode.transmit:
      return 'transceiver';
    default:
      return null;
  }
}
