import QtQuick
import QtTest
import Feltnotat
import "TypeHelper.js" as Type

// Pages are created inside this visible item: a TestCase itself is not visible.
Item {
    id: root
    width: 360
    // Tall enough that the whole form, down to the save button, is on screen.
    height: 2000

    TestCase {
        id: test
        name: "CapturePage"
        when: windowShown
        width: 360
        height: 640

        Component { id: pageComponent; CapturePage { width: 360; height: 2000 } }
        Component { id: todayComponent; TodayController { } }

        function test_createEncounter() {
            var page = createTemporaryObject(pageComponent, root)
            var input = findChild(page, "captureParticipantInput")
            verify(input)
            mouseClick(input)
            Type.typeInto(test, "Test")
            // Nobody called "Test…" yet: offer to create one.
            var create = findChild(page, "captureParticipantCreate")
            tryVerify(() => create.visible)
            mouseClick(create)
            tryVerify(() => findChild(page, "captureParticipantSelected").visible)
            compare(findChild(page, "captureParticipantSelected").text, "Deltaker: Test")

            var note = findChild(page, "captureNoteInput")
            mouseClick(note)
            Type.typeInto(test, "Kort samtale")
            var next = findChild(page, "captureNextStepInput")
            mouseClick(next)
            Type.typeInto(test, "Ringe igjen")

            var today = createTemporaryObject(todayComponent, this)
            today.refresh()
            var before = today.items.count
            mouseClick(findChild(page, "captureSave"))
            tryVerify(() => findChild(page, "capturedNote").visible)
            // The form is empty again and the encounter is in the store (today's list grew).
            tryCompare(findChild(page, "captureNoteInput"), "text", "")
            today.refresh()
            verify(today.items.count > before)
        }

        function test_missingWhoShowsMessage() {
            var page = createTemporaryObject(pageComponent, root)
            mouseClick(findChild(page, "captureSave"))
            var error = findChild(page, "captureParticipant")
            tryVerify(() => error.error !== "")
        }
    }
}
