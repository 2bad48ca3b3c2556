"""The Linux desktop files validate, name one application id, and install per user.

desktop-file-validate, appstreamcli and update-mime-database are the freedesktop.org
tools that desktops themselves trust; without them a test is skipped locally and
fails in CI (tests/external.py).
"""

from __future__ import annotations

import configparser
import re
import sqlite3
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from fnmatch import fnmatch
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.errors import AnnotatorError
from annotator.core.project import Project
from annotator.core.services import desktop, paths
from annotator.core.store.migrations import APPLICATION_ID
from tests.external import require_tool

ROOT = Path(__file__).resolve().parents[2]
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def read_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def validate_entry(path: Path) -> None:
    tool = require_tool("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout + result.stderr


# -- one application id everywhere --------------------------------------------------


def test_the_shipped_files_are_named_by_the_application_id() -> None:
    assert re.fullmatch(r"[a-z]+(\.[a-z][a-z0-9]*)+\.[A-Z][A-Za-z0-9]*", desktop.APP_ID)
    for path in (desktop.desktop_entry(), desktop.metainfo(), desktop.mime_package()):
        assert path.is_file(), path
        assert path.name.startswith(desktop.APP_ID + ".")
    entry = read_entry(desktop.desktop_entry())
    assert entry["Icon"] == desktop.APP_ID
    assert entry["Exec"] == "annotator %f"
    assert desktop.MIME_TYPE in entry["MimeType"].split(";")
    assert entry["StartupWMClass"] == "Annotator"  # Qt's WM_CLASS class: applicationName()

    component = ET.parse(desktop.metainfo()).getroot()
    assert component.findtext("id") == desktop.APP_ID
    assert component.findtext("launchable") == f"{desktop.APP_ID}.desktop"
    assert component.findtext("provides/binary") == "annotator"
    assert component.findtext("provides/mediatype") == desktop.MIME_TYPE
    assert component.findtext("project_license") == "MIT"


def test_the_metainfo_lists_the_packages_version() -> None:
    with (ROOT / "pyproject.toml").open("rb") as file:
        version = tomllib.load(file)["project"]["version"]
    component = ET.parse(desktop.metainfo()).getroot()
    releases = [r.get("version") for r in component.iterfind("releases/release")]
    assert version in releases


# -- validation by the desktop's own tools ------------------------------------------


def test_the_desktop_entry_passes_desktop_file_validate() -> None:
    validate_entry(desktop.desktop_entry())


def test_the_metainfo_passes_appstreamcli_validate() -> None:
    tool = require_tool("appstreamcli", "appstream")
    result = subprocess.run(
        [tool, "validate", "--no-net", str(desktop.metainfo())],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_mime_type_is_registered_by_extension_and_by_content() -> None:
    mime = ET.parse(desktop.mime_package()).getroot().find(f"{MIME_NS}mime-type")
    assert mime is not None
    assert mime.get("type") == desktop.MIME_TYPE
    assert [g.get("pattern") for g in mime.iter(f"{MIME_NS}glob")] == ["*.annot"]
    parent = mime.find(f"{MIME_NS}sub-class-of")
    assert parent is not None and parent.get("type") == "application/vnd.sqlite3"
    header = mime.find(f"{MIME_NS}magic/{MIME_NS}match")
    application_id = header.find(f"{MIME_NS}match") if header is not None else None
    assert header is not None and application_id is not None
    assert (header.get("type"), header.get("offset")) == ("string", "0")
    assert header.get("value") == "SQLite format 3\\000"
    assert (application_id.get("type"), application_id.get("offset")) == ("big32", "68")
    assert int(application_id.get("value", ""), 16) == APPLICATION_ID


def _matches_magic(path: Path) -> bool:
    """The magic rule above, read the way shared-mime-info reads it."""
    data = path.read_bytes()[:72]
    return data[:16] == b"SQLite format 3\0" and data[68:72] == struct.pack(">I", APPLICATION_ID)


def test_the_magic_tells_a_project_from_any_other_sqlite_file(tmp_path: Path) -> None:
    project = tmp_path / "no-extension"
    Project.create(project).close()
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()
    assert _matches_magic(project)
    assert not _matches_magic(other)


def test_update_mime_database_maps_annot_files_to_the_project_type(tmp_path: Path) -> None:
    tool = require_tool("update-mime-database", "shared-mime-info")
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    (packages / f"{desktop.APP_ID}.xml").write_bytes(desktop.mime_package().read_bytes())
    result = subprocess.run(
        [tool, str(tmp_path / "mime")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    globs = (tmp_path / "mime" / "globs2").read_text(encoding="utf-8").splitlines()
    assert any(line.endswith(f":{desktop.MIME_TYPE}:*.annot") for line in globs)
    subclasses = (tmp_path / "mime" / "subclasses").read_text(encoding="utf-8")
    assert f"{desktop.MIME_TYPE} application/vnd.sqlite3" in subclasses
    assert desktop.MIME_TYPE.encode() in (tmp_path / "mime" / "magic").read_bytes()
    icons = (tmp_path / "mime" / "icons").read_text(encoding="utf-8")
    assert f"{desktop.MIME_TYPE}:{desktop.APP_ID}" in icons


# -- the icon -----------------------------------------------------------------------


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("size", desktop.ICON_SIZES)
def test_every_icon_size_is_rendered(size: int) -> None:
    assert _png_size(desktop.icon_png(size)) == (size, size)


def test_the_scalable_icon_is_an_svg() -> None:
    root = ET.parse(desktop.icon_svg()).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 256 256"


def test_the_windows_and_macos_icons_hold_every_size() -> None:
    ico = (ROOT / "packaging" / "icons" / "annotator.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    widths = sorted(ico[6 + 16 * i] or 256 for i in range(count))  # 0 means 256
    assert widths == [16, 24, 32, 48, 64, 128, 256]
    icns = (ROOT / "packaging" / "icons" / "annotator.icns").read_bytes()
    assert icns[:4] == b"icns"
    assert struct.unpack(">I", icns[4:8])[0] == len(icns)


def test_a_wheel_ships_every_desktop_file() -> None:
    """pyproject's package-data patterns cover the icons and the Linux files."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        config = tomllib.load(file)
    patterns = config["tool"]["setuptools"]["package-data"]["annotator.resources"]
    resources = ROOT / "resources"
    for folder in ("icons", "linux"):
        for path in (resources / folder).rglob("*"):
            if path.is_file():
                relative = path.relative_to(resources).as_posix()
                assert any(fnmatch(relative, p) for p in patterns), relative


# -- annotator desktop install ------------------------------------------------------


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def test_install_registers_the_entry_icons_and_type_for_this_user(
    xdg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["desktop", "install"]) == 0
    out = capsys.readouterr().out
    assert str(xdg) in out
    entry_path = xdg / "applications" / f"{desktop.APP_ID}.desktop"
    entry = read_entry(entry_path)
    program = entry["Exec"].removesuffix(" %f")
    assert Path(program.strip('"')).is_absolute()  # the installed program, not a PATH lookup
    assert entry["Icon"] == desktop.APP_ID
    for size in desktop.ICON_SIZES:
        icon = xdg / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{desktop.APP_ID}.png"
        assert icon.read_bytes() == desktop.icon_png(size).read_bytes()
    assert (xdg / "icons" / "hicolor" / "scalable" / "apps" / f"{desktop.APP_ID}.svg").is_file()
    assert (xdg / "mime" / "packages" / f"{desktop.APP_ID}.xml").is_file()
    validate_entry(entry_path)
    require_tool("update-mime-database", "shared-mime-info")
    assert f":{desktop.MIME_TYPE}:*.annot" in (xdg / "mime" / "globs2").read_text("utf-8")
    require_tool("update-desktop-database", "desktop-file-utils")
    cache = (xdg / "applications" / "mimeinfo.cache").read_text("utf-8")
    assert f"{desktop.MIME_TYPE}={desktop.APP_ID}.desktop;" in cache

    assert main(["desktop", "uninstall"]) == 0
    assert not entry_path.exists()
    assert not list(xdg.rglob(f"{desktop.APP_ID}.*"))
    assert f"{desktop.MIME_TYPE}:" not in (xdg / "mime" / "globs2").read_text("utf-8")


def test_the_exec_line_names_the_running_installation(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    script = tmp_path / "venv" / "bin" / "annotator"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n")
    monkeypatch.setattr(sys, "argv", [str(script), "desktop", "install"])
    assert desktop.executable() == [str(script.resolve())]
    monkeypatch.setattr(sys, "argv", [str(ROOT / "annotator" / "__main__.py")])
    command = desktop.executable()  # python -m annotator: this environment's program
    assert Path(command[0]).is_absolute()
    assert command[-2:] == ["-m", "annotator"] or Path(command[0]).name == "annotator"


def test_a_path_with_spaces_and_specials_is_quoted_for_the_desktop(xdg: Path) -> None:
    assert desktop.exec_line(["/opt/bin/annotator"]) == "/opt/bin/annotator %f"
    assert desktop.exec_line(["/home/a b/annotator"]) == '"/home/a b/annotator" %f'
    assert desktop.exec_line(["/x/$5 100%/annotator"]) == '"/x/\\$5 100%%/annotator" %f'
    desktop.install(command=["/home/an user/.venv (3.11)/bin/annotator"])
    path = xdg / "applications" / f"{desktop.APP_ID}.desktop"
    validate_entry(path)
    entry = read_entry(path)
    # the file's own escaping doubles the backslashes the Exec quoting needs
    assert entry["Exec"] == '"/home/an user/.venv (3.11)/bin/annotator" %f'
    assert entry["TryExec"] == "/home/an user/.venv (3.11)/bin/annotator"


def test_uninstalling_what_was_never_installed_is_fine(xdg: Path) -> None:
    done = desktop.uninstall()
    assert done.files == []


def test_windows_and_macos_are_told_the_bundle_registers_itself(
    xdg: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    with pytest.raises(AnnotatorError, match=r"packaging/README\.md"):
        desktop.install()
    assert main(["desktop", "install"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("annotator: error: desktop registration is for Linux")
    assert "Traceback" not in err
    assert not xdg.exists()


def test_an_unwritable_data_folder_is_a_clear_error(
    xdg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xdg.write_text("a file where the folder should be")
    assert main(["desktop", "install"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"annotator: error: cannot register the desktop files in {xdg}")


def test_a_relative_xdg_data_home_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")
    assert desktop.data_home() == Path.home() / ".local" / "share"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert desktop.data_home() == Path.home() / ".local" / "share"


def test_the_resources_are_found_from_the_paths_module() -> None:
    assert desktop.desktop_entry().parent == paths.resource("linux")
