@echo off
rem Runs this bundle's cases on this machine's Winsock and leaves results.zip beside this file
rem (wsdsim docs/windows.md). Usage: run.cmd [--capture]; --capture needs an administrator
rem prompt (pktmon, Windows 10 2004 / Server 2022 or later) and nothing else does.
setlocal
cd /d "%~dp0"
if exist results (
  echo run.cmd: %cd%\results already exists: move it away, then run again.
  exit /b 2
)
if exist results.zip (
  echo run.cmd: %cd%\results.zip already exists: move it away, then run again.
  exit /b 2
)
set capture=
if /i "%~1"=="--capture" set capture=1
if defined capture call :startCapture || exit /b 2
wsdsim-driver-winsock.exe --run-bundle . results
set status=%errorlevel%
if defined capture call :stopCapture
rem tar.exe is part of Windows 10 1803 and later; without it the results folder is what comes back.
set tarFound=
for %%t in (tar.exe) do if not "%%~$PATH:t"=="" set tarFound=1
if defined tarFound tar -a -cf results.zip results
if exist results.zip echo run.cmd: results in %cd%\results.zip
if not exist results.zip echo run.cmd: results in %cd%\results - zip this folder to bring it back
exit /b %status%

:startCapture
pktmon stop >nul 2>&1
pktmon filter remove >nul 2>&1
pktmon filter add wsdsim -t TCP >nul || goto :captureRefused
pktmon start --capture --pkt-size 0 --file-name "%cd%\capture.etl" >nul || goto :captureRefused
exit /b 0
:captureRefused
echo run.cmd: pktmon refused to capture: run from an administrator prompt, or without --capture.
exit /b 2

:stopCapture
pktmon stop >nul
pktmon etl2pcap "%cd%\capture.etl" --out "%cd%\results\capture.pcapng" >nul
del "%cd%\capture.etl"
pktmon filter remove >nul
exit /b 0
