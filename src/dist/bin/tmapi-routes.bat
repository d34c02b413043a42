@echo off
rem tmapi-routes start script for Windows.
rem Runs the program from the folder this distribution was unpacked into, so config\, routes\ and data\ are the ones
rem next to bin\. Needs Java 17 or newer: %JAVA_HOME%\bin\java.exe, else java on the PATH. JAVA_OPTS adds JVM options.
rem Every argument is passed on: bin\tmapi-routes.bat --demo, bin\tmapi-routes.bat -Dkey=value ...
setlocal

set "APP_HOME=%~dp0.."
set "JAVA_EXE=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"

"%JAVA_EXE%" -version >nul 2>&1
if errorlevel 1 goto noJava

cd /d "%APP_HOME%"
rem the classes a start loads come from tmapi-routes.jsa, made with this jar; without it they are loaded from the jars
"%JAVA_EXE%" -XX:+ExitOnOutOfMemoryError -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms16m -XX:SharedArchiveFile=tmapi-routes.jsa -Xshare:auto -Xlog:cds=off,cds+dynamic=off %JAVA_OPTS% -Dtmapi.launcher=bin\tmapi-routes.bat -jar tmapi-routes.jar %*
exit /b %ERRORLEVEL%

:noJava
echo tmapi-routes: Java 17 or newer is needed and was not found; install it (README.md, "Installing Java") or set JAVA_HOME. 1>&2
exit /b 1
