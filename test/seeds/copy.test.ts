import { copyLine, Jsonb } from '../../seeds/copy';

describe('COPY text lines', () => {
  it('writes nulls, booleans, numbers and escapes tabs, newlines and backslashes', () => {
    expect(copyLine([1, null, undefined, true, false, 'a\tb\nc\\d'])).toBe('1\t\\N\t\\N\tt\tf\ta\\tb\\nc\\\\d\n');
  });

  it('writes string arrays as text[] literals and objects as JSON', () => {
    expect(copyLine([['name', 'phone'], { a: '"x"' }, new Jsonb([[1.5, 2, 3]])])).toBe(
      '{"name","phone"}\t{"a":"\\\\"x\\\\""}\t[[1.5,2,3]]\n',
    );
  });
});
