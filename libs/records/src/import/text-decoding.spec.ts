import { decodeText } from './text-decoding';

describe('decodeText', () => {
  it('drops a UTF-8 byte-order mark and reads UTF-8', () => {
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from('Wijk;Jaar€')]))).toEqual({
      text: 'Wijk;Jaar€',
      encoding: 'utf-8',
      bom: true,
    });
  });

  it('reads bytes that are not UTF-8 as Windows-1252, including 0x80–0x9F', () => {
    expect(decodeText(Uint8Array.from([0x80, 0x20, 0x93, 0x65, 0xeb, 0x94, 0x96]))).toEqual({
      text: '€ “eë”–',
      encoding: 'windows-1252',
      bom: false,
    });
  });
});
