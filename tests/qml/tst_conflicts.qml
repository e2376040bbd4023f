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
    }
}
