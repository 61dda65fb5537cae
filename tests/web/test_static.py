"""`vinculo serve` collects the static files with the production storage before it starts:
a file the storage cannot post-process (a vendored library pointing at a source map that is
not shipped, say) stops the server, so every file must go through."""

import json

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command


def test_collectstatic_post_processes_every_file(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path  # Django's test signals renew the storage for this root
    assert staticfiles_storage.location == str(tmp_path)
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    vendored = {name for name in manifest["paths"] if name.startswith("vendor/")}
    assert vendored == {
        "vendor/chart-4.5.1.umd.min.js",
        "vendor/graphology-0.26.0.umd.min.js",
        "vendor/htmx-2.0.11.min.js",
        "vendor/pico-2.1.1.min.css",
        "vendor/sigma-3.0.3.min.js",
    }
    hashed = manifest["paths"]["vinculo/app.css"]
    assert (tmp_path / hashed).is_file() and (tmp_path / f"{hashed}.gz").is_file()


def test_a_second_collect_compresses_only_what_changed(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    chart = tmp_path / f"{manifest['paths']['vendor/chart-4.5.1.umd.min.js']}.gz"
    plain = tmp_path / "vendor/chart-4.5.1.umd.min.js.gz"
    stamps = {copy: copy.stat().st_mtime_ns for copy in (chart, plain)}

    (tmp_path / "vendor/chart-4.5.1.umd.min.js").touch()  # as if copied again
    call_command("collectstatic", interactive=False, verbosity=0)

    assert chart.stat().st_mtime_ns == stamps[chart]  # its hashed name says it is the same
    assert plain.stat().st_mtime_ns > stamps[plain]  # newer than its copy: compressed again
