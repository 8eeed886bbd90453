import { InvalidArgumentError } from 'commander';

/** A commander argument parser for ids: a positive whole number, else "<value> is not <what>". */
export const wholeNumber =
  (what: string) =>
  (value: string): number => {
    if (!/^\d{1,9}$/.test(value) || Number(value) === 0) throw new InvalidArgumentError(`"${value}" is not ${what}.`);
    return Number(value);
  };
