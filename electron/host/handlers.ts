import type { MethodName, Params, Result } from '../common/contract';

/** A service implements a part of the contract's methods. */
export type Handlers<K extends MethodName = MethodName> = {
  [M in K]: (params: Params<M>) => Promise<Result<M>> | Result<M>;
};
