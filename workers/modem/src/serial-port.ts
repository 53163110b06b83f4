import type { Duplex } from 'node:stream';
import { SerialPort } from 'serialport';

/** What the modem driver needs of a serial port: bytes both ways, and closing. */
export type SerialStream = Duplex & {
  readonly isOpen: boolean;
  close(callback?: (error: Error | null) => void): void;
};

/** Opens a port; tests pass one over @serialport/binding-mock instead. */
export type OpenPort = (path: string, baudRate: number) => Promise<SerialStream>;

export const openSerialPort: OpenPort = (path, baudRate) => {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  return new Promise((resolve, reject) =>
    port.open((error) =>
      error === null
        ? resolve(port)
        : reject(new Error(`cannot open ${path} at ${baudRate} baud: ${error.message}`, { cause: error })),
    ),
  );
};

export function closeSerialPort(port: SerialStream): Promise<void> {
  if (!port.isOpen) return Promise.resolve();
  return new Promise((resolve) => port.close(() => resolve()));
}
