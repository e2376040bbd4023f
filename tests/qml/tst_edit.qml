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
        name: "RecordEditPage"
        when: windowShown
        width: 360
        height: 640

        Component {
            id: pageComponent
            RecordEditPage { width: 360; height: 2000; entity: "participant"; recordId: App.firstRecordId("participant") }
        }

        function test_invalidEmailShowsMessageNextToField() {
            var page = createTemporaryObject(pageComponent, root)
            var input = findChild(page, "edit-email-input")
            verify(input)
            input.forceActiveFocus()
            input.selectAll()
            Type.typeInto(test, "feil")
            // Regression (December review): the message came on the first keystroke. It comes
            // when the field is left.
            var error = findChild(page, "edit-email-error")
            wait(50)
            verify(!error.visible)
            keyClick(Qt.Key_Tab)
            tryVerify(() => error.visible)
            verify(error.text.length > 0)
            mouseClick(findChild(page, "saveButton"))
            tryVerify(() => findChild(page, "formError").visible)
        }
    }
}
