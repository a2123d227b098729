; Inno Setup 6 script of the Windows installer: a per-user install (no administrator rights)
; of the frozen folder that tools/packaging/build.py writes (dist\kuaixiang\).
;
;   iscc /DAppVersion=0.1.0 tools\packaging\windows\kuaixiang.iss
;
; NOT BUILT OR RUN HERE: written on Linux and checked only for its settings by
; tests/test_frozen_inputs.py; docs/delivery.md says what was and was not tested.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\..\dist\kuaixiang"
#endif
#ifndef IconFile
  #define IconFile "..\..\..\build\kuaixiang.ico"
#endif

[Setup]
; The same id as the UOS package: the updater finds an installation by it.
AppId=cn.gov.liaocheng.kuaixiang
AppName=政策快享
AppVersion={#AppVersion}
AppVerName=政策快享 {#AppVersion}
AppPublisher=聊城市政策快享平台
; Per user: %LOCALAPPDATA%\Programs\Kuaixiang, the Start menu of this user, no UAC prompt.
; The path may hold any characters (C:\Users\张三\…): the bootloader and Python use the
; wide-character Windows APIs. The client's data lives apart, in %LOCALAPPDATA%\kuaixiang.
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\Kuaixiang
DefaultGroupName=政策快享
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\..\dist
OutputBaseFilename=kuaixiang-setup-{#AppVersion}-x64
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\kuaixiang-desktop.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; A running client holds its files open: ask it to close before files are replaced.
CloseApplications=yes

[Languages]
; Inno Setup ships no Simplified Chinese messages: put the community's ChineseSimplified.isl
; into the compiler's Languages folder to get a Chinese wizard; without it the wizard is English.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#else
Name: "english"; MessagesFile: "compiler:Default.isl"
#endif

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An update replaces the whole frozen folder: no library of an older build is left behind.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\政策快享"; Filename: "{app}\kuaixiang-desktop.exe"; WorkingDir: "{app}"
Name: "{group}\政策快享（演示数据）"; Filename: "{app}\kuaixiang-desktop.exe"; Parameters: "--demo"; WorkingDir: "{app}"
Name: "{group}\卸载政策快享"; Filename: "{uninstallexe}"

[Run]
Filename: "{app}\kuaixiang-desktop.exe"; Description: "启动政策快享"; Flags: nowait postinstall skipifsilent

; Nothing under [UninstallDelete]: the clerk's database, keys and logs in %LOCALAPPDATA%\kuaixiang
; stay (an application filed at the counter is a record the county keeps).
