
// Scripts, projects and recent files on disk. Filled in by the workspace feature.
export const filesMethods = {};

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FilesResults {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FilesEvents {}

