"""GET /api/debates/{slug}/nodes/{key}/flips on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.api.helpers import AppUnderTest, assert_problem, make_debate


def test_flips_say_what_would_make_a_standing_claim_fall(any_server: AppUnderTest) -> None:
    with any_server.client("admin") as admin, any_server.client(None) as anon:
        slug = make_debate(admin)["slug"]
        admin.put(f"/api/debates/{slug}/parties/p/acceptance", json={"e1": "accepted"},
                  headers={"If-Match": "*"})
        answer = anon.get(f"/api/debates/{slug}/nodes/c1/flips", params={"party": "p"})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert {k: body[k] for k in ("debate", "party", "node", "semantics", "label", "to",
                                     "size", "complete", "at_least")} == {
            "debate": slug, "party": "p", "node": "c1", "semantics": "grounded",
            "label": "IN", "to": "OUT", "size": 1, "complete": True, "at_least": None}
        assert [{"item": "e1", "stance": "rejected"}] in body["flips"]
        assert [{"item": "edge:s1", "stance": "rejected"}] in body["flips"]
        assert [{"item": "c1", "stance": "rejected"}] in body["flips"]
        cut = anon.get(f"/api/debates/{slug}/nodes/c1/flips",
                       params={"party": "p", "limit": 1, "semantics": "stable"}).json()
        assert len(cut["flips"]) == 1 and cut["complete"] is False
        already = anon.get(f"/api/debates/{slug}/nodes/c1/flips",
                           params={"party": "p", "to": "IN"}).json()
        assert already["size"] == 0 and already["flips"] == [[]]
        never = anon.get(f"/api/debates/{slug}/nodes/c1/flips",
                         params={"party": "p", "to": "UNDEC"}).json()
        assert never["size"] is None and never["flips"] == [] and never["complete"] is True


def test_flips_bad_parameters_are_problems(any_server: AppUnderTest) -> None:
    with any_server.client("admin") as admin, any_server.client(None) as anon:
        slug = make_debate(admin)["slug"]
        path = f"/api/debates/{slug}/nodes/c1/flips"
        assert_problem(anon.get(path, params={"party": "zz"}), 404)
        assert_problem(anon.get(f"/api/debates/{slug}/nodes/zz/flips",
                                params={"party": "p"}), 404)
        assert_problem(anon.get(path), 422)
        assert_problem(anon.get(path, params={"party": "p", "to": "MAYBE"}), 422)
        assert_problem(anon.get(path, params={"party": "p", "semantics": "ideal"}), 422)
        assert_problem(anon.get(path, params={"party": "p", "limit": 0}), 422)
