"""The kept model (IndexedDB): versioned records, failed restores that keep the record, and
two tabs that never replace each other's kept model. Every wait is on the page's state."""
from e2e_helpers import Tab

WIDGET = "document.querySelector('[data-widget=model-file]')"

# The records IndexedDB holds: [{key, record}] with the checkpoint left out (it is long).
RECORDS = """() => new Promise((resolve, reject) => {
  const req = indexedDB.open("microgpt", 1);
  req.onerror = () => reject(req.error);
  req.onsuccess = () => {
    const store = req.result.transaction("resume").objectStore("resume");
    const keys = store.getAllKeys();
    const values = store.getAll();
    values.onsuccess = () => {
      req.result.close();
      resolve(keys.result.map((key, i) => {
        const { checkpoint, ...rest } = values.result[i];
        return { key, record: rest, checkpoint: String(checkpoint).slice(0, 40) };
      }));
    };
  };
})"""

# Writes a record under this tab's own key (the id in its sessionStorage).
PUT_OWN = """(record) => new Promise((resolve, reject) => {
  const key = "tab:" + sessionStorage.getItem("microgpt-tab");
  const req = indexedDB.open("microgpt", 1);
  req.onerror = () => reject(req.error);
  req.onsuccess = () => {
    const tx = req.result.transaction("resume", "readwrite");
    tx.objectStore("resume").put(record, key);
    tx.oncomplete = () => { req.result.close(); resolve(key); };
    tx.onerror = () => reject(tx.error);
  };
})"""


def records(tab):
    return tab.page.evaluate(RECORDS)


def resume_state(tab):
    tab.wait_until(f"!['pending', undefined].includes({WIDGET}.dataset.resume)")
    return tab.page.get_attribute("[data-widget=model-file]", "data-resume")


def wait_kept(tab, step):
    """Wait until the tab says its model is kept at `step` (a moment after the last change)."""
    try:
        tab.wait_until(f"{WIDGET}.dataset.keptStep === '{step}'", 120)
    except AssertionError as e:  # say what the widget said instead
        said = tab.page.eval_on_selector("[data-widget=model-file]", "el => [el.dataset.keptStep, "
                                         "el.dataset.resume, el.textContent.slice(0, 400)]")
        raise AssertionError(f"{e}; the model-file widget shows {said!r}") from None


def step_to(tab, n):
    while (now := tab.step()) < n:
        tab.page.click("[data-action=step]")
        tab.wait_step(lambda s, want=now + 1: s >= want)
    assert tab.step() == n


def a_record(**fields):
    return {"schema": 2, "checkpoint": "{}", "dataset": {"preset": "bundled",
            "name": "names.txt", "args": None}, "settings": {"steps": 50, "seed": 42},
            "step": 5, "steps": 50, "saved_at": 1, **fields}


def test_a_record_of_a_later_version_is_kept_and_start_fresh_is_offered(tab):
    tab.open("?steps=50")
    key = tab.page.evaluate(PUT_OWN, a_record(schema=99, future_field=[1, 2]))
    for _ in range(2):  # the record survives a reload, and the next
        tab.reload()
        assert resume_state(tab) == "later"
        assert "newer version" in tab.page.text_content("[data-kept]")
        assert tab.page.locator("[data-action=start-fresh]").is_enabled()
        assert tab.step() == 0
        mine = [r for r in records(tab) if r["key"] == key]
        assert mine and mine[0]["record"]["schema"] == 99
        assert mine[0]["record"]["future_field"] == [1, 2]
    tab.page.click("[data-action=start-fresh]")
    tab.wait_until("document.querySelector('[data-kept]').textContent.includes('Started fresh')")
    step_to(tab, 2)
    wait_kept(tab, 2)
    kept = {r["key"]: r["record"] for r in records(tab)}
    assert kept[key]["schema"] == 99  # still there, untouched
    ours = [r for k, r in kept.items() if k != key]
    assert [(r["schema"], r["step"]) for r in ours] == [(2, 2)]
    tab.reload()
    assert resume_state(tab) == "restored" and tab.step() == 2
    tab.check()


def test_a_restore_that_fails_keeps_the_record_and_offers_start_fresh(tab):
    tab.open("?steps=50")
    key = tab.page.evaluate(PUT_OWN, a_record(checkpoint='{"format": "not a model"}'))
    tab.reload()
    assert resume_state(tab) == "broken"
    assert "could not be brought back" in tab.page.text_content("[data-kept]")
    assert "Start fresh" in tab.page.text_content("[data-kept]")
    assert tab.page.locator("[data-action=start-fresh]").is_visible()
    step_to(tab, 1)  # work here is kept apart, not over the record
    wait_kept(tab, 1)
    kept = {r["key"]: r for r in records(tab)}
    assert kept[key]["checkpoint"] == '{"format": "not a model"}'
    assert kept[key]["record"]["step"] == 5
    assert sorted(r["record"]["step"] for r in kept.values()) == [1, 5]
    tab.check()


def test_two_tabs_keep_their_own_models_and_each_is_told(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    try:
        first = Tab(context.new_page(), site_url).open("?steps=60&seed=3")
        second = Tab(context.new_page(), site_url).open("?steps=40&seed=9&n_embd=8&n_head=2")
        assert resume_state(first) == resume_state(second) == "none"
        step_to(first, 3)
        wait_kept(first, 3)
        # the second tab hears of it, and its own model is untouched
        second.wait_until(f"{WIDGET}.dataset.otherTab === '3'")
        assert "Another tab" in second.page.text_content("[data-other-tab]")
        assert second.step() == 0 and second.py("status")["settings"]["seed"] == 9
        step_to(second, 2)
        wait_kept(second, 2)
        first.wait_until(f"{WIDGET}.dataset.otherTab === '2'")
        assert first.step() == 3
        for tab, step, seed, n_embd in [(first, 3, 3, 16), (second, 2, 9, 8)]:
            tab.reload()
            assert resume_state(tab) == "restored"
            assert tab.page.get_attribute("[data-widget=model-file]", "data-resume-from") == "own"
            assert tab.step() == step
            settings = tab.py("status")["settings"]
            assert (settings["seed"], settings["n_embd"]) == (seed, n_embd)
        # a restored tab keeps its model again; wait for both, so which record is newest is settled
        wait_kept(first, 3)
        wait_kept(second, 2)
        kept = records(first)
        assert sorted((r["record"]["step"], r["record"]["settings"]["seed"]) for r in kept) \
            == [(2, 9), (3, 3)]
        newest = max(kept, key=lambda r: r["record"]["saved_at"])["record"]
        # a new tab brings back the model kept last and says where it came from
        third = Tab(context.new_page(), site_url).open()
        assert resume_state(third) == "restored" and third.step() == newest["step"]
        assert third.page.get_attribute("[data-widget=model-file]", "data-resume-from") == "other"
        assert third.py("status")["settings"]["seed"] == newest["settings"]["seed"]
        for tab in (first, second, third):
            tab.check()
    finally:
        context.close()


def test_records_carry_the_schema_and_the_tab(tab):
    tab.open("?steps=50")
    step_to(tab, 1)
    wait_kept(tab, 1)
    (only,) = records(tab)
    own = tab.page.evaluate("sessionStorage.getItem('microgpt-tab')")
    assert only["key"] == f"tab:{own}" and only["record"]["tab"] == own
    assert only["record"]["schema"] == 2 and only["record"]["step"] == 1
    tab.check()


def test_a_duplicated_tab_starts_from_the_copied_record_and_keeps_its_own(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    try:
        first = Tab(context.new_page(), site_url).open("?steps=60&seed=3")
        step_to(first, 2)
        wait_kept(first, 2)
        own = first.page.evaluate("sessionStorage.getItem('microgpt-tab')")
        page = context.new_page()  # a duplicated tab: its sessionStorage holds the same id
        page.add_init_script(f"sessionStorage.setItem('microgpt-tab', {own!r})")
        copy = Tab(page, site_url).open()
        assert resume_state(copy) == "restored" and copy.step() == 2
        assert copy.page.evaluate("sessionStorage.getItem('microgpt-tab')") != own
        step_to(copy, 4)
        wait_kept(copy, 4)
        kept = {r["key"]: r["record"]["step"] for r in records(first)}
        assert kept[f"tab:{own}"] == 2 and sorted(kept.values()) == [2, 4]
        first.check()
        copy.check()
    finally:
        context.close()
