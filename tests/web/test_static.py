"""`vinculo serve` collects the static files with the production storage before it starts:
a file the storage cannot post-process (a vendored library pointing at a source map that is
not shipped, say) stops the server, so every file must go through. It collects at every
start, so what was compressed once is not compressed again."""

import json

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command


def test_collect_post_processes_every_file_and_compresses_each_version_once(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path / "static"  # Django's test signals renew the storage
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "notice.css").write_text(".notice { color: red; }\n" * 40)
    settings.STATICFILES_DIRS = [extra]
    assert staticfiles_storage.location == str(tmp_path / "static")

    call_command("collectstatic", interactive=False, verbosity=0)

    manifest = json.loads((tmp_path / "static/staticfiles.json").read_text())
    vendored = {name for name in manifest["paths"] if name.startswith("vendor/")}
    assert vendored == {
        "vendor/chart-4.5.1.umd.min.js",
        "vendor/graphology-0.26.0.umd.min.js",
        "vendor/htmx-2.0.11.min.js",
        "vendor/pico-2.1.1.min.css",
        "vendor/sigma-3.0.3.min.js",
    }
    # The API docs are Swagger UI: ReDoc's bundle is not collected.
    assert not any(name.startswith("drf_spectacular_sidecar/redoc/") for name in manifest["paths"])
    static = tmp_path / "static"
    app_css = static / manifest["paths"]["vinculo/app.css"]
    assert {p.name for p in static.glob("vinculo/app.*css*")} == {
        "app.css",
        app_css.name,
        f"{app_css.name}.gz",
        f"{app_css.name}.br",
    }
    swagger = static / manifest["paths"]["drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css"]
    assert swagger.with_name(f"{swagger.name}.br").is_file()
    maps = list(static.glob("drf_spectacular_sidecar/swagger-ui-dist/*.map*"))
    assert maps and all(p.suffix == ".map" for p in maps)  # copied, never compressed
    chart = static / f"{manifest['paths']['vendor/chart-4.5.1.umd.min.js']}.br"
    stamp = chart.stat().st_mtime_ns

    (extra / "notice.css").write_text(".notice { color: green; }\n" * 40)
    call_command("collectstatic", interactive=False, verbosity=0)

    manifest = json.loads((tmp_path / "static/staticfiles.json").read_text())
    notice = static / manifest["paths"]["notice.css"]
    assert notice.read_text().startswith(".notice { color: green; }")
    assert notice.with_name(f"{notice.name}.br").is_file()  # the new version compressed
    assert chart.stat().st_mtime_ns == stamp  # the same version: not compressed again
