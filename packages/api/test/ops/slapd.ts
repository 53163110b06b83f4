import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { vi } from 'vitest';

const run = promisify(execFile);

/** A real OpenLDAP server (Debian's slapd) on a free port, with its own config and data directory. */
export interface Slapd {
  readonly url: string;
  readonly suffix: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts slapd with a slapd.conf of its own (mdb backend, the standard schemas) and `ldif` loaded
 * with slapadd before it starts; resolves once it answers a search. The root DN is
 * `cn=admin,<suffix>` with password "admin-secret".
 */
export async function startSlapd(suffix: string, ldif: string): Promise<Slapd> {
  const dir = await mkdtemp(path.join(tmpdir(), 'smshub-slapd-'));
  await mkdir(path.join(dir, 'data'));
  const conf = path.join(dir, 'slapd.conf');
  await writeFile(
    conf,
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      'include /etc/ldap/schema/nis.schema',
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      `pidfile ${path.join(dir, 'slapd.pid')}`,
      'access to attrs=userPassword by anonymous auth by * none',
      'access to * by * read',
      'database mdb',
      'maxsize 10485760',
      `suffix "${suffix}"`,
      `rootdn "cn=admin,${suffix}"`,
      'rootpw admin-secret',
      `directory ${path.join(dir, 'data')}`,
      '',
    ].join('\n'),
  );
  await writeFile(path.join(dir, 'data.ldif'), ldif);
  await run('/usr/sbin/slapadd', ['-f', conf, '-l', path.join(dir, 'data.ldif')]);
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('/usr/sbin/slapd', ['-f', conf, '-h', `${url}/`, '-d', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await vi.waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`slapd exited (${child.exitCode}): ${stderr}`);
      await run('ldapsearch', ['-x', '-H', url, '-b', suffix, '-s', 'base', 'objectClass=*']);
    },
    { timeout: 20_000, interval: 100 },
  );
  return {
    url,
    suffix,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
