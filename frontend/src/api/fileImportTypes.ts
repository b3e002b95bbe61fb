// The import dialog's data (internal/workspace/file_import.go).
import type { workspace } from '../../wailsjs/go/models';
import type { Dto } from './types';

export type FileImportRequest = Dto<workspace.FileImportRequest>;
export type FilePreview = Dto<workspace.FilePreview>;
export type PreviewColumn = Dto<workspace.PreviewColumn>;
export type PreviewLine = Dto<workspace.PreviewLine>;
export type BadRow = Dto<workspace.BadRow>;
export type ImportProfile = Dto<workspace.ImportProfile>;
export type FileImport = Dto<workspace.FileImport>;
