"""One casualty vocabulary: curated, machine-read and old-log figures group together,
with the incident day, the truce in force, the origin and low/high across claimants."""

from __future__ import annotations

from sqlalchemy import Engine

from tests.projections.projection_helpers import load_reference, new_event, rows
from tracker.domain.casualties import CATEGORIES, QUALIFIERS, sides
from tracker.domain.events import CasualtyClaimReported
from tracker.domain.upcasting import UPCASTERS
from tracker.domain.values import Place, Provenance, ValidTime
from tracker.projections import Runner, all_projections
from tracker.store import ANY, EventStore, NewEvent

GANJA = (Place("Ganja", "Ganja"),)


def project(store: EventStore) -> None:
    results = Runner(store, all_projections()).run()
    assert [r.status for r in results] == ["ok"] * len(results), results


def casualties(engine: Engine) -> dict[str, dict[str, object]]:
    return {r["claim_id"]: r for r in rows(engine, "SELECT * FROM casualty_claims")}


def test_the_reference_figures_use_one_vocabulary(store: EventStore, engine: Engine) -> None:
    load_reference(store)
    project(store)
    found = casualties(engine)
    assert found
    for r in found.values():
        assert r["category"] in CATEGORIES
        assert str(r["category"]).endswith("_" + str(r["outcome"]))
        assert r["qualifier"] in QUALIFIERS
        assert r["side"] in sides()
        assert r["origin"] == "curated"
        assert r["confirmed"] in (True, 1)
    ganja = [r for r in found.values() if r["places"] == '["Ganja"]']
    assert {(r["side"], r["side_actor"]) for r in ganja} == {("azerbaijani", "AZ")}
    assert {r["category"] for r in ganja} == {"civilian_killed", "civilian_injured"}
    assert {r["incident_day"] for r in ganja} == {"2020-10-11"}
    assert {r["truce_id"] for r in ganja} == {"nk-2020-10-10"}
    killed = [r for r in ganja if r["category"] == "civilian_killed"]
    assert {r["qualifier_text"] for r in killed} >= {"at least"}
    assert {r["qualifier"] for r in killed if r["qualifier_text"] == "at least"} == {"at_least"}
    # one claimant raised its figure: the low and high across claimants are its latest
    assert {
        (r["group_min_figure"], r["incident_low_figure"], r["incident_high_figure"]) for r in killed
    } == {(min(int(k["figure"]) for k in killed), 10, 10)}
    # the 3 Aug 2022 figures: NK's forces, read as the Armenian side, on their local day
    nk = [r for r in found.values() if r["side_actor"] == "NK"]
    assert nk and {r["side"] for r in nk} == {"armenian"}
    assert {r["category"] for r in nk} == {"military_injured"}
    assert {r["incident_day"] for r in nk} == {"2022-08-03"}
    assert {r["truce_id"] for r in nk} == {"nk-2020-11-10"}
    lows = {(r["incident_low_figure"], r["incident_high_figure"]) for r in nk}
    assert lows == {(min(int(r["figure"]) for r in nk), max(int(r["figure"]) for r in nk))}


def test_machine_read_and_old_log_figures_group_with_curated_ones(engine: Engine) -> None:
    store = EventStore(engine, upcasters=UPCASTERS)
    load_reference(store)
    night = ValidTime.parse("2020-10-11T02:00+04:00", precision="hour")
    machine = CasualtyClaimReported(
        claim_id="machine-ganja",
        claimant="unattributed",
        side="azerbaijani",
        category="civilian_killed",
        outcome="killed",
        figure=9,
        qualifier="exact",
        occurred=night,
        places=GANJA,
        provenance=Provenance(item_id="item-1", extractor="extractor:v3"),
    )
    # a payload of the first schema, as an older tracker wrote it: never rewritten
    old = {
        **machine.to_data(),
        "claim_id": "old-ganja",
        "claimant": "AZ",
        "side": "AZ",
        "category": "civilian",
        "outcome": "killed",
        "figure": 8,
        "qualifier": "more than",
        "provenance": Provenance(urls=("https://example.org/old",)).to_data(),
    }
    for key in ("side_actor", "qualifier_text"):
        old.pop(key)
    store.append_batch(
        [
            (machine.stream_id, [new_event(machine)], ANY),
            ("claim-old-ganja", [NewEvent("CasualtyClaimReported", old, schema_version=1)], ANY),
        ]
    )
    project(store)
    found = casualties(engine)
    m, o = found["machine-ganja"], found["old-ganja"]
    assert (m["origin"], m["confirmed"] in (False, 0)) == ("machine", True)
    assert (o["side"], o["side_actor"], o["category"], o["qualifier"], o["qualifier_text"]) == (
        "azerbaijani",
        "AZ",
        "civilian_killed",
        "more_than",
        "more than",
    )
    killed = [
        r
        for r in found.values()
        if r["category"] == "civilian_killed" and r["places"] == '["Ganja"]'
    ]
    assert len({r["group_id"] for r in killed}) == 1, killed
    # across claimants: AZ's latest figure and the writer's 9
    assert {(r["incident_low_figure"], r["incident_high_figure"]) for r in killed} == {(9, 10)}
    assert {r["truce_id"] for r in killed} == {"nk-2020-10-10"}
