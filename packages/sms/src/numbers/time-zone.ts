/**
 * The time zone a phone number most likely lives in, for quiet hours. Chinese mobiles are
 * Asia/Shanghai; international numbers go by their country calling code (longest match). A
 * country spanning several zones gets the zone most of its people live in (+1 → New York,
 * +7 → Moscow, +61 → Sydney, +55 → São Paulo): quiet hours are a courtesy, and an hour off at a
 * border is the accepted cost of not keeping per-area tables. Unknown codes get UTC.
 */
const ZONES: ReadonlyMap<string, string> = new Map([
  ['1', 'America/New_York'],
  ['7', 'Europe/Moscow'],
  ['20', 'Africa/Cairo'],
  ['27', 'Africa/Johannesburg'],
  ['30', 'Europe/Athens'],
  ['31', 'Europe/Amsterdam'],
  ['32', 'Europe/Brussels'],
  ['33', 'Europe/Paris'],
  ['34', 'Europe/Madrid'],
  ['36', 'Europe/Budapest'],
  ['39', 'Europe/Rome'],
  ['40', 'Europe/Bucharest'],
  ['41', 'Europe/Zurich'],
  ['43', 'Europe/Vienna'],
  ['44', 'Europe/London'],
  ['45', 'Europe/Copenhagen'],
  ['46', 'Europe/Stockholm'],
  ['47', 'Europe/Oslo'],
  ['48', 'Europe/Warsaw'],
  ['49', 'Europe/Berlin'],
  ['51', 'America/Lima'],
  ['52', 'America/Mexico_City'],
  ['54', 'America/Argentina/Buenos_Aires'],
  ['55', 'America/Sao_Paulo'],
  ['56', 'America/Santiago'],
  ['57', 'America/Bogota'],
  ['60', 'Asia/Kuala_Lumpur'],
  ['61', 'Australia/Sydney'],
  ['62', 'Asia/Jakarta'],
  ['63', 'Asia/Manila'],
  ['64', 'Pacific/Auckland'],
  ['65', 'Asia/Singapore'],
  ['66', 'Asia/Bangkok'],
  ['81', 'Asia/Tokyo'],
  ['82', 'Asia/Seoul'],
  ['84', 'Asia/Ho_Chi_Minh'],
  ['86', 'Asia/Shanghai'],
  ['90', 'Europe/Istanbul'],
  ['91', 'Asia/Kolkata'],
  ['92', 'Asia/Karachi'],
  ['93', 'Asia/Kabul'],
  ['94', 'Asia/Colombo'],
  ['95', 'Asia/Yangon'],
  ['98', 'Asia/Tehran'],
  ['212', 'Africa/Casablanca'],
  ['234', 'Africa/Lagos'],
  ['254', 'Africa/Nairobi'],
  ['351', 'Europe/Lisbon'],
  ['353', 'Europe/Dublin'],
  ['358', 'Europe/Helsinki'],
  ['380', 'Europe/Kyiv'],
  ['420', 'Europe/Prague'],
  ['852', 'Asia/Hong_Kong'],
  ['853', 'Asia/Macau'],
  ['855', 'Asia/Phnom_Penh'],
  ['856', 'Asia/Vientiane'],
  ['880', 'Asia/Dhaka'],
  ['886', 'Asia/Taipei'],
  ['960', 'Indian/Maldives'],
  ['966', 'Asia/Riyadh'],
  ['971', 'Asia/Dubai'],
  ['972', 'Asia/Jerusalem'],
  ['974', 'Asia/Qatar'],
  ['976', 'Asia/Ulaanbaatar'],
  ['977', 'Asia/Kathmandu'],
]);

/**
 * `recipient` as stored: national digits for a Chinese mobile (carrier other than INTL), E.164
 * digits otherwise.
 */
export function timeZoneOf(recipient: string, international: boolean): string {
  if (!international) return 'Asia/Shanghai';
  for (let length = 3; length >= 1; length--) {
    const zone = ZONES.get(recipient.slice(0, length));
    if (zone !== undefined) return zone;
  }
  return 'UTC';
}
