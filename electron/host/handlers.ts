import type { Caller, MethodName, ParsedParams, Result } from '../common/contract';

/** A service implements a part of the contract's methods, for the caller that asks. */
export type Handlers<K extends MethodName = MethodName> = {
  [M in K]: (params: ParsedParams<M>, caller: Caller) => Promise<Result<M>> | Result<M>;
};
