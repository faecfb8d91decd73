"""The walkthrough's page commands (microgpt.page.walkthrough) answer in plain JSON
through handle_json."""
import json

from explain_kit import DOCS, NAMES_AZ, ORIGINAL_LOGITS


def test_page_commands_answer_in_plain_json():
    from microgpt.page import Session, handle_json
    session = Session()
    handle_json(session, "init", json.dumps({"text": "\n".join(NAMES_AZ), "name": "names.txt"}))
    call = lambda cmd, **args: json.loads(handle_json(session, cmd, json.dumps(args)))
    assert call("dataset")["result"]["count"] == len(NAMES_AZ)
    assert call("dataset_search", query="emma")["result"]["found"] is True
    assert call("tokenizer", text="emma")["result"]["ids"] == [26, 4, 12, 12, 0, 26]
    assert len(call("prediction", text="emma")["result"]["pairs"]) == 5
    assert "error" in call("prediction", text="emma", top=0)
    assert round(call("softmax", logits=ORIGINAL_LOGITS)["result"]["probs"][4], 3) == 0.6
    assert call("softmax_steps")["result"]["steps"][0]["values"] == {"max_val": 2.8}
    assert len(call("loss_curve")["result"]["points"]) == 100
    assert call("graph", text="a*b + a")["result"]["nodes"][0]["grad"] == 4
    assert call("graph", text="a.b")["result"]["problem"]["key"] == "construct"
    assert call("value_steps")["result"]["steps"][-1]["table"][0] == ["a", 2, 4]


def test_commands_answer_through_handle_json():
    from microgpt.page import Session, handle_json
    session = Session()

    def call(cmd, **args):
        return json.loads(handle_json(session, cmd, json.dumps(args)))

    assert "result" in call("init", text="\n".join(DOCS), name="few.txt",
                            settings={"engine": "scalar"})
    version = call("status")["version"]
    assert call("attention", name="ava")["result"]["tokens"] == ["BOS", "a", "v", "a"]
    assert call("embedding", name="Ava")["result"]["problem"]["key"] == "char_case"
    assert len(call("token_map")["result"]["points"]) == call("status")["result"]["vocab_size"]
    assert call("forward", name="ava", pos_id=2)["result"]["label"] == "v"
    preview = call("step_preview", name="ava")
    assert preview["version"] == version and call("status")["result"]["step"] == 0
    applied = call("apply_step", name="ava")
    assert applied["version"] == version + 1
    assert applied["result"]["loss"] == preview["result"]["loss"]
    assert applied["result"]["status"]["step"] == 1
    assert call("next_token", prefix="a", temperature=0.5)["result"]["context"] == ["BOS", "a"]
    gen = call("generate", prefix="a", seed=3)["result"]
    assert gen["name"].startswith("a") and gen["new"] == (gen["name"] not in DOCS)
    assert call("efficiency", name="ava", steps=1)["result"]["steps"] == 1
    assert "steps must be" in call("efficiency", name="ava", steps=0)["error"]
