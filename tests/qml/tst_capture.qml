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
        Component { id: todayComponent; TodayController { app: App } }

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
            verify(findChild(page, "captureParticipantSelected").text.indexOf("Test") === 0)
            // Not created yet: only the saved visit makes the participant.
            compare(App.recordIdNamed("participant", "Test"), "")

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
            verify(App.recordIdNamed("participant", "Test") !== "")
            // Regression (December review): the picker showed the last search text and its
            // matches after saving. It is empty, with no match list and no "new" button.
            var pickerInput = findChild(page, "captureParticipantInput")
            tryVerify(() => pickerInput.visible)
            compare(pickerInput.text, "")
            compare(findChild(page, "captureParticipantCreate").visible, false)
            verify(!findChild(page, "captureParticipantMatch"))
        }

        // Regression (December review): "Ny deltaker" created and synced a participant at once,
        // left behind when the visit was discarded. And "Forkast" threw the draft away unasked.
        function test_discardAsksAndLeavesNothingBehind() {
            var page = createTemporaryObject(pageComponent, root)
            mouseClick(findChild(page, "captureParticipantInput"))
            Type.typeInto(test, "Forkastet Testperson")
            var create = findChild(page, "captureParticipantCreate")
            tryVerify(() => create.visible)
            mouseClick(create)
            tryVerify(() => findChild(page, "captureParticipantSelected").visible)

            mouseClick(findChild(page, "captureDiscard"))
            var dialog = findChild(page, "discardDialog")
            tryVerify(() => dialog.opened)
            mouseClick(findChild(page, "discardDialogCancel")) // the default keeps the draft
            tryVerify(() => !dialog.visible)
            verify(findChild(page, "captureParticipantSelected").visible)

            mouseClick(findChild(page, "captureDiscard"))
            tryVerify(() => dialog.opened)
            mouseClick(findChild(page, "discardDialogConfirm"))
            tryVerify(() => !findChild(page, "captureParticipantSelected").visible)
            compare(App.recordIdNamed("participant", "Forkastet Testperson"), "")
        }

        function test_missingWhoShowsMessage() {
            var page = createTemporaryObject(pageComponent, root)
            mouseClick(findChild(page, "captureSave"))
            var error = findChild(page, "captureParticipant")
            tryVerify(() => error.error !== "")
        }
    }
}
