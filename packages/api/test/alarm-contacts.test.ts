import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AlarmContact,
  AlarmContactList,
  createAlarmContact,
  deleteAlarmContact,
  listAlarmContacts,
} from '../src/index.js';
import { createApiFixture, errorOf, type ApiFixture } from './api-fixture.js';

describe('alarm contacts', () => {
  let fx: ApiFixture;
  let key: string;
  beforeAll(async () => {
    fx = await createApiFixture();
    key = await fx.key(fx.platform.id, { scopes: ['operations'] });
  });
  afterAll(() => fx?.close());

  const create = (body: unknown, headers: Record<string, string> = {}) =>
    fx.call(createAlarmContact, { path: '/api/v1/alarm-contacts', key, body, headers });
  const list = async () => {
    const response = await fx.call(listAlarmContacts, { path: '/api/v1/alarm-contacts', key });
    expect(response.status).toBe(200);
    return AlarmContactList.parse(response.body).data;
  };
  const remove = (id: string) =>
    fx.call(deleteAlarmContact, { method: 'DELETE', path: `/api/v1/alarm-contacts/${id}`, key });

  it('lists none before any is added', async () => {
    expect(await list()).toEqual([]);
  });

  // Stored as intake stores recipients: national digits for a Chinese mobile, E.164 digits otherwise.
  const numbers = [
    { name: 'a Chinese mobile as dialled', phone: '13800138000', stored: '13800138000' },
    { name: 'a Chinese mobile with +86 and spaces', phone: '+86 139 0013 9000', stored: '13900139000' },
    { name: 'a Chinese mobile with 0086 and dashes', phone: '0086-150-0015-0000', stored: '15000150000' },
    { name: 'an international number with +', phone: '+44 7400 123456', stored: '447400123456' },
    { name: 'an international number with 00', phone: '0049 151 23456789', stored: '4915123456789' },
  ];
  it.each(numbers)('adds $name, stored as $stored', async ({ phone, stored }) => {
    const response = await create({ name: ' 值班 王伟 ', phone });
    expect(response.status).toBe(201);
    const contact = AlarmContact.parse(response.body);
    expect(contact).toMatchObject({ name: '值班 王伟', phone: stored, enabled: true });
    const row = await fx.prisma.alarmContact.findUniqueOrThrow({ where: { id: BigInt(contact.id) } });
    expect(row).toMatchObject({ name: '值班 王伟', phone: stored, enabled: true });
    expect(contact.created_at).toBe(row.createdAt.toISOString());
  });

  it('lists every contact, oldest first', async () => {
    expect((await list()).map((contact) => contact.phone)).toEqual(numbers.map((number) => number.stored));
  });

  it('refuses a number already there, however it is written, with 409 naming the contact', async () => {
    const existing = (await list()).find((contact) => contact.phone === '13900139000');
    for (const phone of ['13900139000', '+8613900139000', '86 139 0013 9000']) {
      const response = await create({ name: 'again', phone });
      expect(response.status).toBe(409);
      expect(errorOf(response)).toMatchObject({
        code: 'already_exists',
        details: { phone: '13900139000', id: existing?.id },
      });
    }
    expect(await fx.prisma.alarmContact.count()).toBe(numbers.length);
  });

  const invalid = [
    {
      name: 'too few digits',
      body: { name: 'x', phone: '12345' },
      message: /^invalid body: phone: "12345": a Chinese mobile number has 11 digits, got 5$/,
    },
    {
      name: 'no Chinese mobile range',
      body: { name: 'x', phone: '10000000000' },
      message: /phone: "10000000000": no Chinese mobile range covers/,
    },
    {
      name: 'letters',
      body: { name: 'x', phone: 'call me' },
      message: /phone: "call me": unexpected "c" at position 0/,
    },
    { name: 'a 13-digit IoT number', body: { name: 'x', phone: '1440123456789' }, message: /phone: .*IoT number/ },
    { name: 'an empty number', body: { name: 'x', phone: '' }, message: /phone: no number given/ },
    {
      name: 'a number as a JSON number',
      body: { name: 'x', phone: 13800138000 },
      message: /phone: Invalid input: expected string/,
    },
    { name: 'a number over 64 characters', body: { name: 'x', phone: '1'.repeat(65) }, message: /phone: Too big/ },
    { name: 'no phone', body: { name: 'x' }, message: /phone: Invalid input/ },
    { name: 'a blank name', body: { name: '   ', phone: '13700137000' }, message: /name: Too small/ },
    {
      name: 'a name over 100 characters',
      body: { name: 'n'.repeat(101), phone: '13700137000' },
      message: /name: Too big/,
    },
    {
      name: 'an unknown field',
      body: { name: 'x', phone: '13700137000', enabled: false },
      message: /Unrecognized key: "enabled"/,
    },
    { name: 'an array', body: [{ name: 'x', phone: '13700137000' }], message: /expected object/ },
  ];
  it.each(invalid)('refuses $name with 400 and stores nothing', async ({ body, message }) => {
    const response = await create(body);
    expect(response.status).toBe(400);
    expect(errorOf(response).code).toBe('validation_error');
    expect(errorOf(response).message).toMatch(message);
    expect(await fx.prisma.alarmContact.count()).toBe(numbers.length);
  });

  it('refuses a body that is not JSON (415), too large (413) or malformed (400)', async () => {
    expect(errorOf(await create('name=x', { 'content-type': 'application/x-www-form-urlencoded' })).code).toBe(
      'unsupported_media_type',
    );
    expect(errorOf(await create({ name: 'x'.repeat(20_000), phone: '13700137000' })).code).toBe('payload_too_large');
    expect(errorOf(await create('{"name":')).code).toBe('invalid_json');
    expect(await fx.prisma.alarmContact.count()).toBe(numbers.length);
  });

  it('removes a contact, and 404s one that is not there', async () => {
    const [first] = await list();
    expect(first).toBeDefined();
    const id = first?.id ?? '';
    const removed = await remove(id);
    expect(removed.status).toBe(204);
    expect(removed.body).toBeNull();
    expect((await list()).map((contact) => contact.id)).not.toContain(id);
    expect(await fx.prisma.alarmContact.count()).toBe(numbers.length - 1);

    const again = await remove(id);
    expect(again.status).toBe(404);
    expect(errorOf(again).message).toBe(`alarm contact ${id} not found`);
    expect(errorOf(await remove('abc')).code).toBe('validation_error');
    expect(await fx.prisma.alarmContact.count()).toBe(numbers.length - 1);
  });

  it('takes a removed number back', async () => {
    const response = await create({ name: 'back', phone: '+86 138 0013 8000' });
    expect(response.status).toBe(201);
    expect(AlarmContact.parse(response.body).phone).toBe('13800138000');
  });
});
