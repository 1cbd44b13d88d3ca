import { buildMessage, ValidateBy, ValidationOptions } from 'class-validator';

/**
 * A text whose length counts after trimming: "   " is empty, not three characters. The services store the
 * trimmed text, so what was validated is what is kept.
 */
export function TrimmedLength(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'trimmedLength',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.trim().length >= min && value.trim().length <= max,
        defaultMessage: buildMessage(
          (each) => `${each}$property must be ${min}–${max} characters long, not counting spaces at either end`,
          options,
        ),
      },
    },
    options,
  );
}

export function trimmed(text: string): string;
export function trimmed(text: string | null | undefined): string | null;
export function trimmed(text: string | null | undefined): string | null {
  return typeof text === 'string' ? text.trim() : null;
}
