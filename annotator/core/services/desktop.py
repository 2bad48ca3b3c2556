"""The application's identity on desktops, and its registration with Linux desktops.

One reverse-DNS application id names the desktop entry, the AppStream metadata, the
icon and the Wayland app id (docs/adr/0011-packaging.md). ``annotator desktop install``
copies the shipped desktop entry, icons and MIME type into the user's XDG data folder
(``$XDG_DATA_HOME``, by default ``~/.local/share``), so a pip install gets a menu entry
and ``.annot`` files open in Annotator. No Qt here: it runs headless.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.core.services import paths

APP_ID = "io.github.annotator.Annotator"
MIME_TYPE = "application/x-annotator-project"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

# Each tool refreshes a cache that desktops read; a missing tool only means the desktop
# notices the files later (or on next login), so it is reported, never an error.
_CACHE_TOOLS = (
    ("update-desktop-database", ("applications",)),
    ("update-mime-database", ("mime",)),
    ("gtk-update-icon-cache", ("-f", "-t", "-q", "icons/hicolor")),
)


def desktop_entry() -> Path:
    return paths.resource("linux", f"{APP_ID}.desktop")


def metainfo() -> Path:
    return paths.resource("linux", f"{APP_ID}.metainfo.xml")


def mime_package() -> Path:
    return paths.resource("linux", f"{APP_ID}.mime.xml")


def icon_svg() -> Path:
    return paths.resource("icons", "hicolor", "scalable", "apps", f"{APP_ID}.svg")


def icon_png(size: int) -> Path:
    return paths.resource("icons", "hicolor", f"{size}x{size}", "apps", f"{APP_ID}.png")


def data_home() -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when unset or relative (as the spec says)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def executable() -> list[str]:
    """The command that starts this installation of Annotator, as an argument list.

    The desktop entry must start the program the user installed, not whichever
    ``annotator`` comes first on the menu's PATH (a virtual environment is rarely on it).
    """
    if getattr(sys, "frozen", False):  # a PyInstaller bundle: the bundle's own program
        return [str(Path(sys.executable).resolve())]
    launched = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if launched is not None and launched.stem == "annotator" and launched.is_file():
        return [str(launched.resolve())]
    beside = Path(sys.executable).parent / "annotator"  # the script of this environment
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("annotator")
    if found:
        return [str(Path(found).resolve())]
    return [str(Path(sys.executable).resolve()), "-m", "annotator"]


def exec_line(command: list[str]) -> str:
    """An ``Exec=`` value: arguments quoted as the Desktop Entry spec requires."""
    return " ".join(_quote_exec_argument(argument) for argument in command) + " %f"


def _quote_exec_argument(argument: str) -> str:
    argument = argument.replace("%", "%%")  # field codes start with %
    if not any(c in argument for c in " \t\n\"'\\><~|&;$*?#()`"):
        return argument
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
    return f'"{escaped}"'


def _escape_desktop_value(value: str) -> str:
    """The desktop file's own escaping of string values (backslash first)."""
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


@dataclass
class Registration:
    """What ``install`` or ``uninstall`` did, for the command's report."""

    files: list[Path] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _targets(home: Path) -> list[tuple[Path, Path]]:
    """(shipped file, installed location) for everything that is registered."""
    pairs = [
        (desktop_entry(), home / "applications" / f"{APP_ID}.desktop"),
        (mime_package(), home / "mime" / "packages" / f"{APP_ID}.xml"),
        (icon_svg(), home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"),
    ]
    for size in ICON_SIZES:
        folder = home / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        pairs.append((icon_png(size), folder / f"{APP_ID}.png"))
    return pairs


def _check_platform() -> None:
    if sys.platform in ("win32", "darwin"):
        raise AnnotatorError(
            "desktop registration is for Linux and other freedesktop.org desktops; "
            "on Windows and macOS the installer or the app bundle registers Annotator "
            "(see packaging/README.md)"
        )


def install(home: Path | None = None, command: list[str] | None = None) -> Registration:
    """Register the desktop entry, icons and MIME type under ``home`` (XDG data)."""
    _check_platform()
    home = home or data_home()
    command = command or executable()
    done = Registration()
    try:
        for source, target in _targets(home):
            target.parent.mkdir(parents=True, exist_ok=True)
            if source == desktop_entry():
                target.write_text(_entry_for(command), encoding="utf-8")
            else:
                shutil.copyfile(source, target)
            done.files.append(target)
    except OSError as exc:
        raise AnnotatorError(f"cannot register the desktop files in {home}: {exc}") from exc
    _refresh_caches(home, done)
    return done


def uninstall(home: Path | None = None) -> Registration:
    """Remove what ``install`` wrote; files that are already gone are fine."""
    _check_platform()
    home = home or data_home()
    done = Registration()
    try:
        for _source, target in _targets(home):
            if target.exists():
                target.unlink()
                done.files.append(target)
    except OSError as exc:
        raise AnnotatorError(f"cannot remove the desktop files in {home}: {exc}") from exc
    _refresh_caches(home, done)
    return done


def _entry_for(command: list[str]) -> str:
    """The shipped desktop entry with Exec and TryExec naming this installation."""
    lines = []
    for line in desktop_entry().read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + _escape_desktop_value(exec_line(command))
        elif line.startswith("TryExec="):
            line = "TryExec=" + _escape_desktop_value(command[0])
        lines.append(line)
    return "\n".join(lines) + "\n"


def _refresh_caches(home: Path, done: Registration) -> None:
    for tool, arguments in _CACHE_TOOLS:
        program = shutil.which(tool)
        if program is None:
            done.warnings.append(
                f"{tool} is not installed; the desktop may notice the change later"
            )
            continue
        *options, folder = arguments
        if not (home / folder).is_dir():
            continue
        try:
            result = subprocess.run(
                [program, *options, str(home / folder)],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            done.warnings.append(f"{tool} failed: {exc}")
            continue
        if result.returncode != 0:
            message = (result.stderr or result.stdout).strip().splitlines()
            done.warnings.append(f"{tool} failed: {message[-1] if message else result.returncode}")
        else:
            done.tools.append(tool)
