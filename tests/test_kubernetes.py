"""The bake's Kubernetes manifests (use_kubernetes): valid, hardened, and in agreement with the image and the app.

Every manifest is validated offline against the Kubernetes schemas that
kubernetes-validate ships, for the oldest and the newest version this template
supports.  The rest reads them as the cluster would: the Deployment's command,
port, user and probes against the Dockerfile, its settings against
.env.example, and, in ``test_the_pod_serves_on_a_read_only_filesystem``, the
container itself: its command and settings run as an unprivileged user who
can write nothing but the pod's emptyDir, its probes asked as the kubelet asks
them, before and after the migration Job's command.
"""

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from answer_sets import LONG_NAMES
from helpers import output_tail, run
from parsers import Image, option_value, shell_commands
from serving import free_port, wait_for
from shipping import gunicorn_bind_port, gunicorn_command

# An open API, and token auth (which brings Redis) with the longest names.
KUBERNETES_BAKES = {
    "open": {"database": "postgresql", "use_kubernetes": True},
    "long-names-token": {**LONG_NAMES, "auth": "token", "database": "postgresql", "use_kubernetes": True},
}
# The oldest Kubernetes the manifests are written for, and the newest whose schemas kubernetes-validate has.
KUBERNETES_VERSIONS = ("1.32.0", kubernetes_validate.latest_version())
SECRET_EXAMPLE = "secret.example.yaml"
# The one variable the Deployment sets that is not the app's: where gunicorn puts its control socket.
NOT_SETTINGS = {"XDG_RUNTIME_DIR"}


class Manifests:
    """A bake's kubernetes/ folder, read as the cluster reads it."""

    def __init__(self, project):
        self.project = project
        self.folder = project.path / "kubernetes"
        self.slug = project.context["project_slug"]
        self.documents = {
            path.name: [document for document in yaml.safe_load_all(path.read_text(encoding="utf-8")) if document]
            for path in sorted(self.folder.glob("*.yaml"))
        }

    def objects(self):
        """Every Kubernetes object, the kustomization (kustomize's own file) left out."""
        return [
            (name, document)
            for name, documents in self.documents.items()
            if name != "kustomization.yaml"
            for document in documents
        ]

    def one(self, kind, name=None):
        found = [
            document
            for _, document in self.objects()
            if document["kind"] == kind and document["metadata"]["name"] == (name or self.slug)
        ]
        assert len(found) == 1, f"{len(found)} {kind} named {name or self.slug}"
        return found[0]

    def pod_specs(self):
        """(kind, the pod template's spec) of every workload."""
        return [
            (document["kind"], document["spec"]["template"]["spec"])
            for _, document in self.objects()
            if document["kind"] in ("Deployment", "Job")
        ]

    def api(self):
        """The API's container in the Deployment."""
        (container,) = self.one("Deployment")["spec"]["template"]["spec"]["containers"]
        return container

    def migration(self):
        (container,) = self.one("Job", f"{self.slug}-migrate")["spec"]["template"]["spec"]["containers"]
        return container

    def image(self):
        return Image.parse(*(self.project.path.joinpath(name).read_text() for name in ("Dockerfile", ".dockerignore")))


@pytest.fixture(
    params=[pytest.param(name, marks=pytest.mark.xdist_group(f"kubernetes-{name}")) for name in KUBERNETES_BAKES]
)
def manifests(request, bake):
    return Manifests(bake(KUBERNETES_BAKES[request.param]))


def test_every_manifest_is_valid_for_the_kubernetes_versions_supported(manifests):
    objects = manifests.objects()
    for version in KUBERNETES_VERSIONS:
        for name, document in objects:
            try:
                kubernetes_validate.validate(document, version, strict=True)
            except kubernetes_validate.ValidationError as error:
                pytest.fail(f"{name}, {document['kind']} on Kubernetes {version}: {error.message} at {error.path}")
    assert {document["kind"] for _, document in objects} >= {
        "ConfigMap",
        "Deployment",
        "Job",
        "PodDisruptionBudget",
        "Secret",
        "Service",
    }


def test_kustomization_applies_every_manifest_but_the_secret_and_names_the_image(manifests):
    (kustomization,) = manifests.documents["kustomization.yaml"]
    listed = set(kustomization["resources"])
    images = {image["name"]: image for image in kustomization["images"]}
    version = tomllib.loads((manifests.project.path / "pyproject.toml").read_text())["project"]["version"]
    compose = yaml.safe_load((manifests.project.path / "compose.yaml").read_text())

    assert listed == set(manifests.documents) - {"kustomization.yaml", SECRET_EXAMPLE}
    # The image compose builds, tagged with the project's version.
    shipped = {manifests.api()["image"], manifests.migration()["image"], compose["services"]["app"]["image"]}
    assert shipped == {manifests.slug}
    assert images[manifests.slug]["newTag"] == version


def test_the_deployment_runs_the_image_s_gunicorn_and_the_job_its_migration(manifests):
    image = manifests.image()
    script, _ = image.command()
    flask_commands = [words for _, words in shell_commands(script) if words[0] == "flask"]

    # The image migrates and then serves; the Job migrates, the Deployment only serves.
    assert manifests.api()["command"] == gunicorn_command(image)
    assert [manifests.migration()["command"]] == flask_commands
    assert manifests.api()["ports"] == [{"name": "http", "containerPort": gunicorn_bind_port(image)}]
    service = manifests.one("Service")
    assert service["spec"]["ports"][0]["targetPort"] == "http"
    assert service["spec"]["selector"] == manifests.one("Deployment")["spec"]["template"]["metadata"]["labels"]


def test_probes_ask_the_app_s_health_routes(manifests):
    api = manifests.api()

    assert api["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert api["startupProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert api["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}


def test_every_pod_runs_unprivileged_on_a_read_only_filesystem_with_limits(manifests):
    dockerfile = (manifests.project.path / "Dockerfile").read_text()
    image_uid = int(re.search(r"useradd [^\n]*--uid (\d+)", dockerfile).group(1))

    for kind, spec in manifests.pod_specs():
        pod = spec["securityContext"]
        assert pod["runAsNonRoot"] is True and pod["seccompProfile"] == {"type": "RuntimeDefault"}, kind
        assert spec["automountServiceAccountToken"] is False, kind
        emptied = {volume["name"] for volume in spec.get("volumes", []) if "emptyDir" in volume}
        for container in spec["containers"]:
            hardening = container["securityContext"]
            assert hardening["readOnlyRootFilesystem"] is True, (kind, container["name"])
            assert hardening["allowPrivilegeEscalation"] is False, (kind, container["name"])
            assert hardening["capabilities"] == {"drop": ["ALL"]}, (kind, container["name"])
            assert {"cpu", "memory"} <= set(container["resources"]["requests"]), (kind, container["name"])
            assert {"cpu", "memory"} <= set(container["resources"]["limits"]), (kind, container["name"])
            # Whatever the container may write is an emptyDir of the pod's.
            assert {mount["name"] for mount in container.get("volumeMounts", [])} <= emptied, (kind, container["name"])
        if any(container["image"] == manifests.slug for container in spec["containers"]):
            assert pod["runAsUser"] == image_uid, kind


def test_termination_waits_for_the_service_and_gunicorn_s_graceful_timeout(manifests):
    deployment = manifests.one("Deployment")
    spec = deployment["spec"]
    gunicorn_settings = (manifests.project.path / "gunicorn.conf.py").read_text()
    graceful_timeout = int(re.search(r"^graceful_timeout = (\d+)$", gunicorn_settings, re.M)[1])
    pause = int(manifests.api()["lifecycle"]["preStop"]["exec"]["command"][1])

    assert spec["template"]["spec"]["terminationGracePeriodSeconds"] > pause + graceful_timeout
    # A rollout never takes a serving pod away before its successor is ready.
    assert spec["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    assert manifests.one("PodDisruptionBudget")["spec"]["selector"] == spec["selector"]


def test_settings_are_the_app_s_from_the_config_map_and_the_secret(manifests):
    documented = set(
        re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (manifests.project.path / ".env.example").read_text(), re.M)
    )
    config = manifests.one("ConfigMap")["data"]
    secret = manifests.one("Secret")["stringData"]
    for container in (manifests.api(), manifests.migration()):
        assert container["envFrom"] == [
            {"configMapRef": {"name": manifests.slug}},
            {"secretRef": {"name": manifests.slug}},
        ]
    named = {variable["name"] for variable in manifests.api().get("env", [])}

    assert set(config) | set(secret) | (named - NOT_SETTINGS) <= documented
    assert {"SECRET_KEY", "DATABASE_URL"} <= set(secret) and not set(secret) & set(config)
    if manifests.project.context["auth"] == "none":
        assert "redis.yaml" not in manifests.documents and "RATELIMIT_STORAGE_URI" not in config
    else:
        redis = manifests.one("Service", f"{manifests.slug}-redis")
        assert config["RATELIMIT_STORAGE_URI"] == f"redis://{manifests.slug}-redis:{redis['spec']['ports'][0]['port']}"
        assert manifests.one("Deployment")["spec"]["replicas"] > 1


# --- the container itself --------------------------------------------------------

# In a mount namespace of its own, the whole filesystem read-only but for the
# folder standing for the pod's emptyDir ($0), then the container's command.
READ_ONLY_ROOT = (
    'mount --make-rprivate / && mount --bind "$0" "$0" && mount --rbind / / && mount -o remount,bind,ro / && exec "$@"'
)


def as_root():
    """What runs a command as root here (``sudo -n`` on a CI runner), or None where nothing can."""
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and run(["sudo", "-n", "true"]).returncode == 0:
        return ["sudo", "-n"]
    return None


def read_only_root(scratch, command, environment):
    """``command`` with only ``environment``, every file read-only but ``scratch`` and /dev/shm.

    As readOnlyRootFilesystem makes it, with ``scratch`` for the emptyDir.
    Mounting needs root: ``sudo -n`` where the tests do not run as root.
    """
    settings = [f"{key}={value}" for key, value in environment.items()]
    return [*as_root(), "env", "-i", *settings, "unshare", "--mount", "sh", "-c", READ_ONLY_ROOT, scratch, *command]


@pytest.fixture
def scratch(tmp_path):
    """The pod's emptyDir: a folder that stays writable under read_only_root, once this machine allows it."""
    folder = tmp_path / "emptydir"
    folder.mkdir()
    check = ["sh", "-c", f"touch {folder}/probe && ! touch {tmp_path}/probe"]
    if as_root() is None or run(read_only_root(folder, check, {"PATH": "/usr/bin:/bin"})).returncode:
        message = "cannot make the filesystem read-only here (unshare --mount needs root or sudo -n)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}: CI must run the pod on a read-only filesystem.")
        pytest.skip(message)
    (folder / "probe").unlink()
    return folder


def pod_environment(manifests, image, scratch, database_url, redis_url):
    """The container's environment: the image's ENV, the ConfigMap, the Secret and its env, with the pod's paths here.

    The package is found through PYTHONPATH in the project rather than
    installed (the project stands for the image's WORKDIR), and its
    dependencies come from this test environment.
    """
    environment = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": "/nonexistent",
        "PYTHONPATH": str(manifests.project.path),
        "TMPDIR": str(scratch),  # the emptyDir, mounted at /tmp in the pod
        **image.env(),
        **manifests.one("ConfigMap")["data"],
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": database_url,
        "METRICS_TOKEN": secrets.token_urlsafe(32),
    }
    for variable in manifests.api().get("env", []):
        environment[variable["name"]] = variable["value"].replace("/tmp", str(scratch))
    if "RATELIMIT_STORAGE_URI" in environment:
        environment["RATELIMIT_STORAGE_URI"] = redis_url
    return environment


def probe(root, container, name):
    """The status the kubelet would read from one of the container's httpGet probes."""
    get = container[name]["httpGet"]
    try:
        with urllib.request.urlopen(f"{root}{get['path']}", timeout=container[name].get("timeoutSeconds", 1)) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.xdist_group("kubernetes-long-names-token")
def test_the_pod_serves_on_a_read_only_filesystem(bake, postgresql_cluster, redis_url, scratch, tmp_path):
    manifests = Manifests(bake(KUBERNETES_BAKES["long-names-token"]))
    image, api, migration = manifests.image(), manifests.api(), manifests.migration()
    database_url = postgresql_cluster.create_database(f"k8s_{secrets.token_hex(4)}")
    environment = pod_environment(manifests, image, scratch, database_url, redis_url)
    (manifests.project.path / "instance").mkdir(exist_ok=True)  # as the Dockerfile makes it
    port = free_port()
    root = f"http://127.0.0.1:{port}"
    bind = option_value(api["command"], "--bind", "-b")
    command = [word if word != bind else f"127.0.0.1:{port}" for word in api["command"]]
    grace = manifests.one("Deployment")["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    log = tmp_path / "pod.log"

    def in_pod(argv):
        return {"cwd": manifests.project.path, "args": read_only_root(scratch, argv, environment)}

    with log.open("w") as output:
        server = subprocess.Popen(**in_pod(command), stdout=output, stderr=subprocess.STDOUT)
        try:
            wait_for(f"{root}{api['startupProbe']['httpGet']['path']}", server)
            # Before the migration Job: alive, but not ready for traffic.
            assert probe(root, api, "startupProbe") == 200
            assert probe(root, api, "readinessProbe") == 503
            job = in_pod(migration["command"])
            migrated = run(job.pop("args"), **job, timeout=120)
            assert migrated.returncode == 0, output_tail(migrated)
            assert probe(root, api, "readinessProbe") == 200
            assert probe(root, api, "livenessProbe") == 200
            with urllib.request.urlopen(f"{root}{manifests.project.context['url_prefix']}/", timeout=10) as answer:
                assert answer.status == 200
            token = {"Authorization": f"Bearer {environment['METRICS_TOKEN']}"}
            with urllib.request.urlopen(urllib.request.Request(f"{root}/metrics", headers=token), timeout=10) as answer:
                assert 'route="/readyz",status="200"' in answer.read().decode()
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=grace)
    served = log.read_text()
    assert server.returncode == 0, served[-3000:]
    # Nothing tried to write outside the emptyDir: no warning, no refused write.
    assert not re.search(r"Permission denied|Read-only|Failed to start control socket|Traceback", served), served
    assert f"Control socket listening at {scratch}/gunicorn.ctl" in served, served
