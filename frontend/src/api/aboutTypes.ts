// The About screen and "Export diagnostics". Mirrors app.About and
// workspace.DiagnosticsResult; the licence list is generated at build time (make licenses,
// internal/licenses) into src/generated/licenses.json.

export interface About {
  version: string;
  commit: string;
  os: string;
  arch: string;
  go: string;
  /** The open workspace's data folder (the demo's while the demo is open). */
  data_folder: string;
  demo: boolean;
}

export interface DiagnosticsResult {
  /** Empty when the user cancelled the save dialog. */
  path: string;
  size: number;
  files: string[];
}

export interface LicensedPackage {
  name: string;
  version: string;
  /** SPDX id ("" when the text matches none of the common licences). */
  license: string;
  /** The licence file's name in the package ("" when it ships none). */
  file: string;
  text: string;
}

export interface LicenseList {
  go: LicensedPackage[];
  npm: LicensedPackage[];
}
