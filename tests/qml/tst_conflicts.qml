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

        // A colleague deleted a record this user was editing: said in words, his version shown,
        // "Gjenopprett" settles it.
        function test_deletedWhileEditing() {
            var page = createTemporaryObject(pageComponent, root)
            var deletions = findChild(page, "deletionList")
            tryCompare(deletions, "count", 1)
            var message = findChild(page, "deletionMessage")
            verify(message.visible)
            verify(message.text.indexOf("Slettet av En kollega mens du redigerte") === 0, message.text)
            verify(findChild(page, "deletionDetails").text !== "")
            mouseClick(findChild(page, "restoreButton"))
            tryCompare(deletions, "count", 0)
        }
    }
}
