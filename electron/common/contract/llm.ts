
// The LLM service section. Filled in by the chat feature.
export const llmMethods = {};

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LlmResults {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LlmEvents {}

