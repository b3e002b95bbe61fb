; TrueUp's Windows installer (make installer). makensis gets, with -D:
;   VERSION   the release version (the VERSION file), VERSION4 its x.y.z.0 form
;   BINDIR    the folder with TrueUp.exe and trueup-cli.exe (already signed when signing)
;   ICON      the installer's icon (packager icons: TrueUp.ico)
;   WEBVIEW2  the WebView2 bootstrapper the Wails module ships
;   OUTFILE   where the installer goes
;   SIGN      optional: a command that signs the file given as its argument in place; the
;             uninstaller and the installer are then signed as makensis writes them.
; Per user, without admin rights: the app goes to %LOCALAPPDATA%\Programs\TrueUp, the
; Apps & features entry to HKCU. The data folder (%APPDATA%\TrueUp, where TrueUp keeps its
; database and backups: os.UserConfigDir) is only deleted when the user ticks it.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!include "MUI2.nsh"
!include "LogicLib.nsh"

!define APP       "TrueUp"
!define PUBLISHER "TrueUp"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\TrueUp"
!define APPKEY    "Software\TrueUp"
; The Evergreen WebView2 Runtime's client id (Microsoft: "Detect if a WebView2 Runtime is
; already installed").
!define WEBVIEW2_GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

!ifdef SIGN
  !finalize '${SIGN} "%1"'
  !uninstfinalize '${SIGN} "%1"'
!endif

Name "${APP}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "${APPKEY}" "InstallDir"
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey "ProductName" "${APP}"
VIAddVersionKey "CompanyName" "${PUBLISHER}"
VIAddVersionKey "FileDescription" "${APP} installer"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "LegalCopyright" "Copyright © 2026 TrueUp"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\TrueUp.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Start TrueUp"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!define MUI_COMPONENTSPAGE_TEXT_TOP "TrueUp itself is removed. Your data folder (%APPDATA%\TrueUp: the database, mappings, decisions, the ledger and backups) stays unless you tick it below. Credentials stay in the Windows Credential Manager (entries named TrueUp)."
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"

; The WebView2 runtime counts as installed when its "pv" value is a version other than
; 0.0.0.0 under one of the keys Microsoft lists: per machine (the 32-bit registry view on
; 64-bit Windows, which this 32-bit installer reads by default) or per user.
Function HasWebView2
  ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${EndIf}
  ${If} $0 == "0.0.0.0"
    StrCpy $0 ""
  ${EndIf}
FunctionEnd

Section "TrueUp (required)" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "/oname=TrueUp.exe" "${BINDIR}/TrueUp.exe"
  File "/oname=trueup-cli.exe" "${BINDIR}/trueup-cli.exe"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\TrueUp.exe"

  WriteRegStr HKCU "${APPKEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\TrueUp.exe,0"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ; EstimatedSize is in KiB: the two executables.
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" ${SIZE_KB}
SectionEnd

Section "Desktop shortcut" SecDesktop
  CreateShortcut "$DESKTOP\${APP}.lnk" "$INSTDIR\TrueUp.exe"
SectionEnd

; Hidden: TrueUp's window is a WebView2, so install the runtime when it is missing (it
; ships with Windows 11 and current Windows 10). Run without elevation, the bootstrapper
; installs it for this user.
Section "-WebView2 runtime" SecWebView2
  Call HasWebView2
  ${If} $0 == ""
    DetailPrint "Installing the Microsoft Edge WebView2 runtime"
    InitPluginsDir
    SetOutPath "$PLUGINSDIR"
    File "/oname=MicrosoftEdgeWebview2Setup.exe" "${WEBVIEW2}"
    ExecWait '"$PLUGINSDIR\MicrosoftEdgeWebview2Setup.exe" /silent /install' $1
    SetOutPath "$INSTDIR"
    Call HasWebView2
    ${If} $0 == ""
      MessageBox MB_ICONEXCLAMATION|MB_OK "The Microsoft Edge WebView2 runtime could not be installed (code $1). TrueUp needs it to open its window: install it from https://go.microsoft.com/fwlink/p/?LinkId=2124703 and start TrueUp again." /SD IDOK
    ${EndIf}
  ${EndIf}
SectionEnd

Section "un.TrueUp" SecUnApp
  SectionIn RO
  Delete "$INSTDIR\TrueUp.exe"
  Delete "$INSTDIR\trueup-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APP}.lnk"
  Delete "$DESKTOP\${APP}.lnk"
  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "${APPKEY}"
SectionEnd

; /o: unticked unless the user ticks it; a silent uninstall (/S) keeps the data too.
Section /o "un.Also delete my data (%APPDATA%\TrueUp)" SecUnData
  RMDir /r "$APPDATA\${APP}"
SectionEnd
