"""Config: read once, typed; unknown keys and bad values fail with one message naming them."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from archive import setting
from web.config import KEYS, OUTLET_KEYS, OUTLETS, ConfigError, load_config, section_keys

ROOT = Path(__file__).resolve().parents[2]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_config_naming_only_the_archive_dir_is_valid(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, '[archive]\ndir = "here"\n'))
    assert config.archive.dir == tmp_path / "here"
    assert config.index.dir == tmp_path / "here" / "index"
    assert config.archive.outlets == ()
    assert config.web.port == 8000


def test_every_crawl_key_is_read(tmp_path: Path) -> None:
    text = (
        '[crawl]\nuser_agent = "Test/1"\ndelay_seconds = 1.5\ntimeout_seconds = 9\n'
        "max_pages = 7\nmax_page_bytes = 2048\nretries = 1\nbackoff_seconds = 0.5\n"
        "max_wait_seconds = 30\npause_after_failures = 3\n"
    )
    crawl = load_config(_write(tmp_path, text)).archive.crawl
    assert (crawl.user_agent, crawl.delay_seconds, crawl.timeout_seconds) == ("Test/1", 1.5, 9)
    assert (crawl.max_pages, crawl.max_page_bytes, crawl.retries) == (7, 2048, 1)
    assert (crawl.backoff_seconds, crawl.max_wait_seconds, crawl.pause_after_failures) == (
        0.5,
        30,
        3,
    )


def test_the_crawl_limits_on_discovery_are_read(tmp_path: Path) -> None:
    text = "[crawl]\nmax_redirects = 4\nmax_sitemap_depth = 1\nmax_queued_per_outlet = 500\n"
    crawl = load_config(_write(tmp_path, text)).archive.crawl
    assert (crawl.max_redirects, crawl.max_sitemap_depth, crawl.max_queued_per_outlet) == (
        4,
        1,
        500,
    )


def test_every_index_key_is_read(tmp_path: Path) -> None:
    text = "[index]\nrecency_boost = false\nprocs = 3\nwriter_mb = 256\n"
    index = load_config(_write(tmp_path, text)).index
    assert (index.recency_boost, index.procs, index.writer_mb) == (False, 3, 256)


def test_the_bundled_config_loads_with_its_outlets() -> None:
    config = load_config(ROOT / "config.toml")
    names = [o.name for o in config.archive.outlets]
    assert "Hartford County Courier" in names
    assert config.archive.dir == ROOT / "data"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[crawl]\ndelay = 3\n", "crawl.delay"),
        ("[crawl]\ndelay_seconds = -1\n", "crawl.delay_seconds"),
        ('[crawl]\nmax_pages = "many"\n', "crawl.max_pages"),
        ("[web]\nport = 70000\n", "web.port"),
        ("[index]\nwriter_mb = 8\n", "index.writer_mb"),
        ("[crawl]\nbackoff_seconds = -1\n", "crawl.backoff_seconds"),
        ("[crawl]\npause_after_failures = 0\n", "crawl.pause_after_failures"),
        ("[nonsense]\n", "nonsense"),
        ('[[outlets]]\nname = "X"\nhome = "Hartford"\n', "outlets[1].home"),
        ('[[outlets]]\nname = "X"\ntimezone = "Mars/Olympus"\n', "outlets[1].timezone"),
        ('[[outlets]]\nname = "X"\nfeeds = "not a list"\n', "outlets[1].feeds"),
        ('[[outlets]]\nhome = "Hartford, CT"\n', "outlets[1]"),
    ],
)
def test_bad_keys_and_values_name_the_key(tmp_path: Path, text: str, named: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(_write(tmp_path, text))
    assert f"{named}:" in str(caught.value)
    assert str(tmp_path / "config.toml") in str(caught.value)


def test_a_missing_file_and_broken_toml_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "absent.toml")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(_write(tmp_path, "[archive\n"))


def test_entity_aliases_and_stop_list_are_read_into_the_index_section(tmp_path: Path) -> None:
    text = '[entities]\naliases = { "Mayor Rosie" = "Rosa Delgado" }\nstop = ["Chief"]\n'
    config = load_config(_write(tmp_path, text))
    assert config.index.aliases == (("Mayor Rosie", "Rosa Delgado"),)
    assert config.index.stop == ("Chief",)
    with pytest.raises(ConfigError, match=r"entities\.aliases:"):
        load_config(_write(tmp_path, '[entities]\naliases = ["Mayor Rosie"]\n'))


def test_web_base_url_is_read_without_its_trailing_slash(tmp_path: Path) -> None:
    text = '[web]\nbase_url = "https://news.example.org/archive/"\n'
    assert load_config(_write(tmp_path, text)).web.base_url == "https://news.example.org/archive"
    assert load_config(_write(tmp_path, "")).web.base_url is None


@pytest.mark.parametrize(
    "value", ['"news.example.org"', '"ftp://news.example.org"', '"https://x.org/?a=1"', "1"]
)
def test_a_bad_web_base_url_is_one_message_naming_it(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError, match=r"web\.base_url: must be"):
        load_config(_write(tmp_path, f"[web]\nbase_url = {value}\n"))


def test_a_bad_value_says_what_the_key_is_for(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(_write(tmp_path, "[web]\nthreads = 0\n"))
    assert str(caught.value).endswith(
        "web.threads: must be a whole number from 1 to 256, not 0"
        " (requests each dateline serve process answers at once)"
    )


def _readme_config_block() -> str:
    """README's config.toml block, with its commented-out keys put back in."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## `config.toml`") :]
    block = re.search(r"```toml\n(.*?)```", section, re.DOTALL)
    assert block, "README's config.toml section has no ```toml block"
    return re.sub(r"^# (\w+ = )", r"\1", block.group(1), flags=re.MULTILINE)


def test_the_readme_config_block_lists_every_key_with_its_default(tmp_path: Path) -> None:
    text = _readme_config_block()
    raw = tomllib.loads(text)
    for key in KEYS:
        shown = raw.get(key.table, {})
        assert key.name in shown, f"README's config.toml block lacks [{key.table}] {key.name}"
        value = key.read(shown[key.name], key.setting)
        if key.default is None:  # an optional key: the README shows an example value
            continue
        assert value == key.default, (
            f"README shows {key} = {value!r}; the default is {key.default!r}"
        )
    assert set(raw[OUTLETS][0]) == {key.name for key in OUTLET_KEYS}
    load_config(_write(tmp_path, text))  # and it is a valid config, with no stale key


def test_a_key_of_a_type_config_cannot_read_fails_at_declaration() -> None:
    @dataclass(frozen=True)
    class Section:
        limits: dict[str, int] = field(default_factory=dict, metadata=setting("per host"))

    with pytest.raises(TypeError, match=r"Section\.limits"):
        section_keys(Section, "section")
