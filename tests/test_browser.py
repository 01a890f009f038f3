"""The browsable API in a real browser: Debian's chromium, driven through chromedriver by Selenium.

One bake (token sign-in, declared fields with a date, and labels on the
tasks, added as its README says), served by the template's own environment
on 127.0.0.1.  Without chromium and
chromedriver the test skips, saying so; in CI (CI=true) their absence is a
failure, and .ci/run installs them.  With SCREENSHOTS=DIR the screenshots
of the template's README are written to DIR (docs/ in the template).
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.request import Request, urlopen

import pytest

from helpers import TEMPLATE, clean_environment, output_tail, run
from serving import free_port, wait_for

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",  # needed as root, as in CI containers
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
    "--window-size=1100,900",
)
ANSWERS = {
    "auth": "token",
    "parent_fields": "title:string(60)",
    "child_fields": "title:string(20) done:boolean=false due_on:date? starts_at:datetime? status:enum(open|done)=open",
}
HOSTILE = "<img src=x onerror=alert(1)>"
EMAIL, PASSWORD = "ada@example.com", "correct horse battery staple"
# The words the browser broke across two lines in the elements a selector names.
BROKEN_WORDS = """
var broken = [];
document.querySelectorAll(arguments[0]).forEach(function (element) {
  var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (var node = walker.nextNode(); node; node = walker.nextNode()) {
    var pattern = /\\S+/g, match;
    while ((match = pattern.exec(node.data))) {
      var range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      if (range.getClientRects().length > 1) {
        broken.push(match[0]);
      }
    }
  }
});
return broken;
"""
# A table's headings and the values that are one word each: none may break inside a word.
UNBREAKABLE = "thead th, td .boolean, td .enum, td time, td .number"


@pytest.fixture(scope="module")
def webdriver_module():
    """Selenium's webdriver, when chromium, chromedriver and selenium are all here."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.is_file()]
    try:
        from selenium import webdriver
    except ImportError:
        webdriver = None
        missing.append("the selenium package")
    if missing:
        message = f"No {', '.join(missing)}: apt-get install chromium chromium-driver; pip install selenium"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}. CI must run the browser test.")
        pytest.skip(message)
    return webdriver


@pytest.fixture(scope="module")
def served(tmp_path_factory, webdriver_module, cookies_session):
    """The bake of ANSWERS, migrated and served on 127.0.0.1 with an account: its base URL."""
    result = cookies_session.bake(extra_context=ANSWERS, template=str(TEMPLATE))
    assert result.exception is None, repr(result.exception)
    project = result.project_path
    folder = tmp_path_factory.mktemp("served")
    environment = clean_environment(
        DATABASE_URL=f"sqlite:///{folder / 'app.sqlite3'}",
        SECRET_KEY="a secret for the browser test only",
        PYTHONPATH=str(project),
    )
    flask = [sys.executable, "-m", "flask", "--app", result.context["package_name"]]
    for command in (["scaffold", "Label", "name:string(30)!"], ["add-fields", "Task", "labels:refs(Label)"]):
        added = run([*flask, *command], cwd=project, env=environment, timeout=120)
        assert added.returncode == 0, output_tail(added)
    migrated = run([*flask, "db", "upgrade"], cwd=project, env=environment, timeout=120)
    assert migrated.returncode == 0, output_tail(migrated)
    port = free_port()
    log = (folder / "server.log").open("w")
    # Threads: a connection the browser opens ahead and leaves idle holds no worker that another client needs.
    gunicorn = [sys.executable, "-m", "gunicorn", "-b", f"127.0.0.1:{port}", "--threads", "4"]
    server = subprocess.Popen(
        [*gunicorn, f"{result.context['package_name']}:create_app()"],
        cwd=project,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/api/", server)
        body = json.dumps({"email": EMAIL, "password": PASSWORD}).encode()
        request = Request(f"{base}/api/auth/register", data=body, headers={"Content-Type": "application/json"})
        with urlopen(request, timeout=30) as response:
            assert response.status == 201
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def browser(webdriver_module, served):
    options = webdriver_module.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = webdriver_module.ChromeService(executable_path=str(CHROMEDRIVER))
    driver = webdriver_module.Chrome(options=options, service=service)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


class Page:
    """What the scenario does in the browser, waiting for each page the script shows."""

    def __init__(self, driver, screenshots):
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.ui import Select, WebDriverWait

        self.driver, self.screenshots = driver, screenshots
        self.By, self.Select, self.expected = By, Select, expected_conditions
        from selenium.common.exceptions import StaleElementReferenceException

        self.wait = WebDriverWait(driver, 15, ignored_exceptions=(StaleElementReferenceException,))

    def find(self, selector):
        return self.wait.until(self.expected.presence_of_element_located((self.By.CSS_SELECTOR, selector)))

    def all(self, selector):
        return self.driver.find_elements(self.By.CSS_SELECTOR, selector)

    def heading(self):
        # Read in the page: the script may replace the body between finding an element and reading it.
        return self.driver.execute_script("var h = document.querySelector('main h1'); return h ? h.textContent : ''")

    def until_heading(self, heading):
        self.wait.until(
            lambda driver: self.heading() == heading,
            message=f"waiting for {heading!r} at {self.driver.current_url}: the heading was {self.heading()!r}",
        )

    def follow(self, selector, then):
        """Click a link or button and wait for the heading that shows the next page arrived."""
        self.find(selector).click()
        self.until_heading(then)

    def named(self, tag, text, within="main"):
        """The ``tag`` element (a link, a button) that reads ``text``, as a person finds it."""
        xpath = f".//{tag}[normalize-space()={json.dumps(text)}]"
        return self.wait.until(lambda driver: self.find(within).find_element(self.By.XPATH, xpath))

    def click(self, tag, text, then=None, within="main"):
        """Click the link or button that reads ``text``; wait for the heading ``then``, if given."""
        self.named(tag, text, within).click()
        if then is not None:
            self.until_heading(then)

    def fill(self, form, values):
        for name, value in values.items():
            element = self.find(f"{form} [name='{name}']")
            if element.tag_name == "select":
                self.Select(element).select_by_visible_text(value)
            elif element.get_attribute("type") == "checkbox":
                if element.is_selected() != value:
                    element.click()
            elif element.get_attribute("type") in ("date", "datetime-local"):
                self.driver.execute_script("arguments[0].value = arguments[1]", element, value)
            else:
                element.clear()
                element.send_keys(value)

    def submit(self, form, button=None):
        """Submit ``form`` with its button, which must read ``button`` when given."""
        element = self.find(f"{form} button[type='submit']")
        if button is not None:
            assert element.text == button
        element.click()

    def heading_of(self, form):
        return self.find(f"{form} h2, {form} h3").text

    def said(self, text):
        """Wait for the page to say what was done: "Saved.", "Task added: Task 3."."""
        self.wait.until(
            lambda driver: text in [note.text for note in self.all("main .notice")],
            message=f"waiting for the notice {text!r}",
        )

    def broken_words(self, selector=UNBREAKABLE):
        return self.driver.execute_script(BROKEN_WORDS, selector)

    def column(self, heading):
        """The texts of a table's column, by its heading."""
        headings = [cell.text for cell in self.all("thead th")]
        index = headings.index(heading) + 1
        return [cell.text for cell in self.all(f"tbody tr > :nth-child({index})")]

    def shot(self, name):
        if self.screenshots is not None:
            self.driver.save_screenshot(str(self.screenshots / f"browsable-{name}.png"))


@pytest.mark.slow
def test_a_person_uses_the_api_in_a_browser(browser, served, tmp_path):
    screenshots = Path(os.environ["SCREENSHOTS"]) if os.environ.get("SCREENSHOTS") else None
    if screenshots is not None:
        screenshots.mkdir(parents=True, exist_ok=True)
    page = Page(browser, screenshots)
    browser.get_log("browser")  # start clean

    # The index, public; then the parent collection, which asks for sign-in.
    browser.get(f"{served}/api/")
    assert page.heading() == "Index"
    page.shot("index")
    page.click("a", "Task boards", then="401 Unauthorized")
    assert page.find("#sign-in").is_displayed()

    # Sign in: the token goes to sessionStorage and the page comes back signed in.
    page.fill("#sign-in", {"email": EMAIL, "password": PASSWORD})
    page.submit("#sign-in", "Sign in")
    page.until_heading("Task boards")
    assert page.find("#sign-out").is_displayed()
    assert browser.execute_script("return Object.keys(sessionStorage).length") == 1

    # Create a parent with a hostile title through its form: shown as text, never run.
    assert page.heading_of("#action-create") == "Create a task board"
    page.fill("#action-create", {"title": HOSTILE})
    page.submit("#action-create", "Create")
    page.until_heading(HOSTILE)  # a row is headed by its title, shown as text
    page.said("Task board created.")
    assert HOSTILE in page.find(".properties").text
    assert page.all("main img") == []

    # Its page edits and deletes it, and adds tasks under its table of them: 22, so that
    # their list has two pages.  Each is added without leaving the page, which then lists it.
    assert page.heading_of("#action-update") == "Edit this task board"
    assert page.named("button", "Delete this task board")
    assert page.heading_of("#action-add_task") == "Add a task"
    assert page.all("form[data-method='POST'][action$='/taskboard/']") == []  # no board is created here
    for number in range(22):
        page.fill("#action-add_task", {"title": f"Task {number}", "due_on": "2026-12-24", "done": number % 3 == 0})
        page.submit("#action-add_task", "Add")
        page.said(f"Task added: Task {number}.")
        assert page.heading() == HOSTILE
    # The first page of them, each done or not in words, under headings in words.
    assert page.column("Title") == [f"Task {number}" for number in range(20)]
    assert page.column("Done") == ["yes" if number % 3 == 0 else "no" for number in range(20)]
    assert page.broken_words() == []
    browser.execute_script("window.scrollTo(0, 0)")
    page.shot("parent")

    # A too-long title: a 400 shown beside the field, and nothing else changes.
    page.fill("#action-add_task", {"title": "x" * 21})
    page.submit("#action-add_task")
    error = page.find("#action-add_task-title-error")
    page.wait.until(lambda driver: error.text)
    assert "title" in error.text
    assert page.find("#action-add_task-title").get_attribute("aria-invalid") == "true"
    page.shot("form-error")

    # The board's list of its tasks: it says whose they are, and creates in that board.
    page.click("a", "All tasks of this task board", then="Tasks")
    assert page.find("p.filters").text.startswith(f"Only the tasks whose task board is {HOSTILE}.")
    board = page.find("#action-create [name='task_board_id']")
    assert board.get_attribute("readonly") is not None and board.get_attribute("value")
    page.fill("#action-create", {"title": "Task 22"})
    page.submit("#action-create", "Create")
    page.until_heading("Task 22")
    page.said("Task created.")
    assert page.named("a", HOSTILE, within=".properties")  # its board, by its title
    browser.back()
    page.until_heading("Tasks")

    # Edit a child from its row: a boolean, a date and a datetime.
    assert page.find("tbody tr:first-child th a").text == "Task 0"
    page.click("a", "Edit", then="Task 0", within="tbody tr:first-child")
    # (A datetime-local value is sent with the browser's offset, or the API would refuse it.)
    page.fill("#action-update", {"done": False, "due_on": "2027-01-15", "starts_at": "2027-02-03T09:30"})
    page.submit("#action-update", "Save")
    page.said("Saved.")
    page.wait.until(lambda driver: "2027-01-15" in page.find(".properties").text)
    assert "2027-02-03T" in page.find(".properties").text
    properties = page.find(".properties").text
    assert "no" in properties

    # "View as" shows the same URL in a JSON media type.
    page.find("button[data-view-as]").click()
    page.wait.until(lambda driver: page.find("#raw").text.startswith("200 application/"))
    assert '"done": false' in page.find("#raw").text

    # Page through the children, and back.
    browser.back()
    page.until_heading("Tasks")
    assert len(page.all("tbody tr")) == 20
    assert page.find("nav.pages .page-size").text == "20 a page"
    page.click("a", "Next page")
    page.wait.until(lambda driver: len(page.all("tbody tr")) == 3)
    page.click("a", "Previous page")
    page.wait.until(lambda driver: len(page.all("tbody tr")) == 20)

    # Delete one from its row, once the browser's question is answered: the list comes back without it.
    first = page.find("tbody tr:first-child th a").get_attribute("href")
    page.click("button", "Delete", within="tbody tr:first-child")
    question = page.wait.until(page.expected.alert_is_present())
    assert question.text == "Delete the task \u201cTask 0\u201d?"
    question.accept()
    page.said("Task deleted.")
    page.wait.until(lambda driver: first not in [link.get_attribute("href") for link in page.all("tbody th a")])

    # Reload keeps the session; signing out shows the 401 page.
    browser.refresh()
    page.until_heading("Tasks")
    page.follow("#sign-out", then="401 Unauthorized")
    assert page.find("#sign-in").is_displayed()

    # Readable at 375 px: no sideways scrolling of the page itself, and no word broken in two.
    browser.set_window_size(375, 800)
    browser.get(f"{served}/api/")
    page.until_heading("Index")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 375
    page.fill("#sign-in", {"email": EMAIL, "password": PASSWORD})
    page.submit("#sign-in")
    # Signed in once the token is kept: a page asked for before then would go without it.
    page.wait.until(lambda driver: driver.execute_script("return Object.keys(sessionStorage).length") == 1)
    page.wait.until(lambda driver: page.find("#sign-out").is_displayed())
    browser.get(f"{served}/api/task/")
    page.until_heading("Tasks")
    assert len(page.all("tbody tr")) == 20
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 375
    assert page.broken_words() == []

    # A task's board and labels are chosen by their names: two labels made on their page, then a task.
    browser.set_window_size(1100, 900)
    for name in ("Urgent", "Later"):
        browser.get(f"{served}/api/label/")
        page.until_heading("Labels")
        page.fill("#action-create", {"name": name})
        page.submit("#action-create", "Create")
        page.until_heading(name)
    browser.get(f"{served}/api/task/")
    page.until_heading("Tasks")
    page.fill("#action-create", {"task_board_id": HOSTILE, "title": "Chosen", "label_ids": "Urgent"})
    page.Select(page.find("#action-create [name='label_ids']")).select_by_visible_text("Later")
    page.submit("#action-create", "Create")
    page.until_heading("Chosen")
    page.said("Task created.")
    assert page.named("a", HOSTILE, within=".properties")

    def labels_shown():
        return [link.text for link in page.all(".properties dd a") if "/label/" in link.get_attribute("href")]

    assert labels_shown() == ["Urgent", "Later"]
    # Saved with one label fewer: the edit form starts from both.
    page.Select(page.find("#action-update [name='label_ids']")).deselect_by_visible_text("Urgent")
    page.submit("#action-update", "Save")
    page.said("Saved.")
    page.wait.until(lambda driver: labels_shown() == ["Later"])

    # No console errors but the failed requests the scenario meant (401 pages, the 400).
    expected = ("status of 401", "status of 400")
    errors = [
        entry["message"]
        for entry in browser.get_log("browser")
        if entry["level"] == "SEVERE" and not any(words in entry["message"] for words in expected)
    ]
    assert errors == []
    # No request left 127.0.0.1.
    urls = set()
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.add(message["params"]["request"]["url"])
    assert urls
    # (data: URLs are the browser's own icons, such as the date picker's; they go nowhere.)
    network = [url for url in urls if not url.startswith("data:")]
    assert network
    assert [url for url in network if not url.startswith(served + "/")] == []
    # The hostile title's image was never made, so its src was never fetched.
    assert [url for url in urls if url.rstrip("/").endswith("/x")] == []


@pytest.mark.slow
def test_a_save_of_a_row_another_client_changed_says_so_and_keeps_what_was_typed(browser, served):
    """A row's page sends the tag it was shown with: a write after another client's is refused, in words."""
    page = Page(browser, None)
    _, answer = _send(served, "POST", "/api/auth/token", {"email": EMAIL, "password": PASSWORD})
    token = answer["access_token"]
    board = _send(served, "POST", "/api/taskboard/", {"title": "Ours"}, token)[0]["Location"]
    browser.get(f"{served}/api/")
    browser.execute_script("sessionStorage.setItem('hypermedia-access-token', arguments[0])", token)
    browser.get(board)  # answered 401 without the token, then shown again with it
    page.until_heading("Ours")

    # Another client renames it; the person, on the page shown before, renames it too.
    _send(served, "PATCH", board, {"title": "Theirs"}, token, {"If-Match": "*"})  # whatever its version
    page.fill("#action-update", {"title": "Mine"})
    page.submit("#action-update", "Save")
    # (Read in the page each time: had the save gone through, the page would show "Mine".)
    error = "var p = document.querySelector('#action-update .form-error'); return p.hidden ? '' : p.textContent"
    page.wait.until(lambda driver: driver.execute_script(error), message="waiting for the form to say it changed")
    assert browser.execute_script(error) == (
        "This task board changed since you opened it: reload the page to see the changes, then apply yours again."
    )
    assert page.find("#action-update [name='title']").get_attribute("value") == "Mine"
    assert page.heading() == "Ours"

    # Reloaded, the page shows their change and saves the person's; and again, from the page the save answered.
    browser.refresh()
    page.until_heading("Theirs")
    for title in ("Mine", "Mine again"):
        page.fill("#action-update", {"title": title})
        page.submit("#action-update", "Save")
        page.until_heading(title)
        page.said("Saved.")


def _send(base, method, url, body, token=None, headers=()):
    """A request from another client than the browser, in JSON: (the answer's headers, its body)."""
    headers = {"Content-Type": "application/json", "Accept": "application/vnd.siren+json", **dict(headers)}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    request = Request(base + url if url.startswith("/") else url, json.dumps(body).encode(), headers, method=method)
    with urlopen(request, timeout=30) as response:
        return response.headers, json.loads(response.read())


def test_screenshots_in_the_readme_exist():
    readme = (TEMPLATE / "README.md").read_text(encoding="utf-8")
    assert "docs/browsable-parent.png" in readme
    for name in ("index", "parent", "form-error"):
        assert (TEMPLATE / "docs" / f"browsable-{name}.png").is_file()
