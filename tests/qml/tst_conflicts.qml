import QtQuick
import QtTest
import Feltnotat

// Pages are created inside this visible item: a TestCase itself is not visible.
Item {
    id: root
    width: 360
    height: 640

    TestCase {
        name: "ConflictsPage"
        when: windowShown
        width: 360
        height: 640

        Component { id: pageComponent; ConflictsPage { width: 360; height: 640 } }

        function test_bothValuesThenChoose() {
            var page = createTemporaryObject(pageComponent, root)
            var list = findChild(page, "conflictList")
            tryCompare(list, "count", 1)
            var current = findChild(page, "currentValue")
            var other = findChild(page, "otherValue")
            verify(current.visible && other.visible)
            compare(other.text, "Prøve ut lager eller logistikk i vår.")
            mouseClick(findChild(page, "takeOtherButton"))
            tryCompare(list, "count", 0)
        }

        // A colleague deleted a participant this user was editing: said in words, his version and
        // what went with it shown, "Gjenopprett" settles it.
        function test_deletedWhileEditing() {
            var page = createTemporaryObject(pageComponent, root)
            var deletions = findChild(page, "deletionList")
            tryCompare(deletions, "count", 1)
            var message = findChild(page, "deletionMessage")
            verify(message.visible)
            verify(message.text.indexOf("Slettet av En kollega mens du redigerte") === 0, message.text)
            verify(findChild(page, "deletionDetails").text !== "")
            // A participant: what went with it, counted and one readable line each (the demo
            // participant's visits, by their date and time).
            verify(message.text.indexOf(". Med deltakeren: ") > 0, message.text)
            var along = findChild(page, "deletionAlong")
            verify(along.visible)
            verify(/^Besøk \d\d\.\d\d\.\d{4} \d\d:\d\d/.test(along.text), along.text)
            verify(along.text.indexOf("{") < 0, along.text)
            mouseClick(findChild(page, "restoreButton"))
            tryCompare(deletions, "count", 0)
        }
    }
}
