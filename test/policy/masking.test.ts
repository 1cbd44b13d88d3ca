import {
  maskAddress,
  maskBirthDate,
  maskIdNumber,
  maskName,
  maskPhone,
  maskRestricted,
} from '../../src/policy/masking';

describe('masking (contract §5)', () => {
  it('keeps the surname of a name, whole for compound surnames', () => {
    expect(maskName('张伟')).toBe('张*');
    expect(maskName('张小明')).toBe('张**');
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskName('欧阳')).toBe('欧*');
    expect(maskName('司马光')).toBe('司马*');
  });

  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+8613812345678')).toMatch(/^\+86\*+5678$/);
  });

  it('hides at least half of a short phone number', () => {
    const masked = maskPhone('5612345')!;
    expect(masked).toHaveLength(7);
    expect([...masked].filter((c) => c === '*').length).toBeGreaterThanOrEqual(4);
    expect(maskPhone('110')).toBe('***');
  });

  it('keeps the first three and last four characters of 18- and 15-digit ID numbers', () => {
    expect(maskIdNumber('37061419560307123X')).toBe('370***********123X');
    expect(maskIdNumber('370614560307123')).toBe('370********7123');
  });

  it('keeps an address down to the community', () => {
    expect(maskAddress('蓬莱区登州街道钟楼社区钟楼东路12号3单元402室')).toBe('蓬莱区登州街道钟楼社区****');
    expect(maskAddress('蓬莱区刘家沟镇西王村123号')).toBe('蓬莱区刘家沟镇西王村****');
    expect(maskAddress('山东省烟台市芝罘路12号')).toBe('山东省烟台市****');
  });

  it('keeps the year of a birth date', () => {
    expect(maskBirthDate('1956-03-07')).toBe('1956');
  });

  it('leaves empty values empty', () => {
    for (const mask of [maskName, maskPhone, maskIdNumber, maskAddress, maskBirthDate]) {
      expect(mask('')).toBe('');
      expect(mask(null)).toBeNull();
      expect(mask(undefined)).toBeNull();
    }
    expect(maskRestricted(null)).toBeNull();
    expect(maskRestricted('双相情感障碍')).toBe('[restricted]');
  });
});
