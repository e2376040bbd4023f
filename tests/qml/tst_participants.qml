import QtQuick
import QtTest
import Feltnotat
import "TypeHelper.js" as Type

// Deltakere: the lazy list with its name filter, and a participant's page with the way to
// register an employment.
Item {
    id: root
    width: 360
    height: 640

    TestCase {
        id: test
        name: "Participants"
        when: windowShown

        Component {
            id: listComponent
            ParticipantListPage { width: 360; height: 640 }
        }
        Component {
            id: detailComponent
            ParticipantPage { width: 360; height: 1600; recordId: App.firstRecordId("participant") }
        }
        Component {
            id: spyComponent
            SignalSpy { }
        }
        Component {
            id: goneComponent
            ParticipantPage { width: 360; height: 640 }
        }
        Component {
            id: goneEncounterComponent
            EncounterPage { width: 360; height: 640 }
        }

        function test_listShowsAPageAndFilters() {
            var page = createTemporaryObject(listComponent, root)
            var list = findChild(page, "recordList")
            verify(list)
            tryVerify(() => list.count > 0)
            verify(list.count <= 100) // lazy: a page or two, never the whole table
            var filter = findChild(page, "listFilter")
            filter.forceActiveFocus()
            Type.typeInto(test, "zzqx")
            tryCompare(list, "count", 0)
        }

        function test_detailOpensEmploymentEditor() {
            var page = createTemporaryObject(detailComponent, root)
            verify(page.title !== "")
            var spy = createTemporaryObject(spyComponent, root, { target: page, signalName: "pushRequested" })
            var add = findChild(page, "addEmployment")
            verify(add)
            mouseClick(add)
            compare(spy.count, 1)
            compare(spy.signalArguments[0][0], "RecordEditPage.qml")
            compare(spy.signalArguments[0][1].entity, "employment")
            compare(spy.signalArguments[0][1].presets.participant_id, App.firstRecordId("participant"))
        }

        // Regression (December review): a participant moved away (or deleted) while its page was
        // open left an empty page titled "Feltnotat" with live edit buttons. The page says so and
        // asks to be closed; so do a visit's and a task's.
        function test_pageOfAWithdrawnRecordGoesBack() {
            var page = createTemporaryObject(goneComponent, root, { recordId: "00000000-0000-7000-8000-00000000dead" })
            var spy = createTemporaryObject(spyComponent, root, { target: page, signalName: "gone" })
            page.recordId = "00000000-0000-7000-8000-00000000beef"
            tryCompare(spy, "count", 1)
            verify(String(spy.signalArguments[0][0]).indexOf("finnes ikke lenger") >= 0)

            var visit = createTemporaryObject(goneEncounterComponent, root)
            var visitSpy = createTemporaryObject(spyComponent, root, { target: visit, signalName: "gone" })
            visit.recordId = "00000000-0000-7000-8000-00000000beef"
            tryCompare(visitSpy, "count", 1)
        }
    }
}
