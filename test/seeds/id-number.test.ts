import {
  IdNumberRegistry,
  idNumberCheckDigit,
  idNumberGender,
  isValidIdNumber,
  makeIdNumber,
} from '../../seeds/id-number';

describe('resident ID-card numbers (GB 11643-1999)', () => {
  it('computes the check character by the MOD 11-2 rule', () => {
    // 370614 19800101 123, weighted digit by digit with 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2:
    // 3·7=21 7·9=63 0·10=0 6·5=30 1·8=8 4·4=16 | 1·2=2 9·1=9 8·6=48 0·3=0 0·7=0 1·9=9 0·10=0 1·5=5 | 1·8=8 2·4=8 3·2=6
    // sum = 21+63+0+30+8+16+2+9+48+0+0+9+0+5+8+8+6 = 233; 233 mod 11 = 2; "10X98765432"[2] = "X".
    expect(idNumberCheckDigit('37061419800101123')).toBe('X');
    expect(isValidIdNumber('37061419800101123X')).toBe(true);
    // The standard's own example: 11010519491231002X.
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
  });

  it('rejects a wrong check character, a lower-case x, impossible dates and 15-digit legacy numbers', () => {
    expect(isValidIdNumber('370614198001011230')).toBe(false);
    expect(isValidIdNumber('37061419800101123x')).toBe(false);
    const feb30 = '37061419800230123';
    expect(isValidIdNumber(feb30 + idNumberCheckDigit(feb30))).toBe(false);
    expect(isValidIdNumber('370614800101123')).toBe(false);
    expect(() => idNumberCheckDigit('370614800101123')).toThrow();
  });

  it('reads the gender from the parity of the sequence code', () => {
    expect(idNumberGender(makeIdNumber('370614', '1980-01-01', 123))).toBe('MALE');
    expect(idNumberGender(makeIdNumber('370614', '1980-01-01', 124))).toBe('FEMALE');
  });

  it('issues unique, valid numbers whose parity matches the gender, even for many people born the same day', () => {
    const registry = new IdNumberRegistry();
    const issued = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const gender = i % 2 === 0 ? 'MALE' : 'FEMALE';
      const id = registry.issue('370614', '1990-06-15', gender);
      expect(isValidIdNumber(id)).toBe(true);
      expect(idNumberGender(id)).toBe(gender);
      expect(id.slice(6, 14)).toBe('19900615');
      issued.add(id);
    }
    expect(issued.size).toBe(400);
  });
});
