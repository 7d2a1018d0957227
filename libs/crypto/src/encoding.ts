const HEX = /^-?[0-9a-f]+$/i;

export function bigintToHex(value: bigint): string {
  return value < 0n ? `-${(-value).toString(16)}` : value.toString(16);
}

export function hexToBigint(text: string): bigint {
  if (typeof text !== 'string' || !HEX.test(text))
    throw new Error(`not a hexadecimal integer: ${String(text).slice(0, 24)}`);
  return text.startsWith('-') ? -BigInt(`0x${text.slice(1)}`) : BigInt(`0x${text}`);
}
