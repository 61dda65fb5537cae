"""The secret key of a new data folder is made once, even when several processes start at
the same moment (a server and its worker on a machine's first boot)."""

import os
import subprocess
import sys
import time

# Each process waits for the same instant before reading the settings, so that they all
# find the folder without a key at once.
PRINT_KEY = (
    "import os, time; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'vinculo.settings'); "
    "import django.conf, dj_database_url, whitenoise.compress, django.utils.csp; "
    "time.sleep(max(0, float(os.environ['START_AT']) - time.time())); "
    "print(django.conf.settings.SECRET_KEY)"
)


def test_processes_starting_together_on_a_new_folder_share_one_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "VINCULO_SECRET_KEY"}
    for attempt in range(5):
        home = tmp_path / f"home{attempt}"
        start_at = str(time.time() + 1.5)
        runs = [
            subprocess.Popen(
                [sys.executable, "-c", PRINT_KEY],
                env={**env, "VINCULO_HOME": str(home), "START_AT": start_at},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(8)
        ]
        results = [run.communicate(timeout=120) for run in runs]
        errors = [
            err.decode() for run, (_out, err) in zip(runs, results, strict=True) if run.returncode
        ]
        assert errors == []
        keys = {out.strip() for out, _err in results}
        assert keys == {(home / "secret_key").read_text().strip().encode()}
        assert len(next(iter(keys))) >= 50
        assert oct((home / "secret_key").stat().st_mode & 0o777) == "0o600"
        assert sorted(p.name for p in home.iterdir() if p.name.startswith(".secret")) == []
