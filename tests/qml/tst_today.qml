import QtQuick
import QtTest
import Feltnotat

// Pages are created inside this visible item: a TestCase itself is not visible.
Item {
    id: root
    width: 360
    height: 640

    TestCase {
        name: "TodayPage"
        when: windowShown
        width: 360
        height: 640

        Component { id: pageComponent; TodayPage { width: 360; height: 600 } }
        Component { id: barComponent; SyncBar { width: 360 } }

        function test_listsOverdueAndToday() {
            var page = createTemporaryObject(pageComponent, root)
            var list = findChild(page, "todayList")
            verify(list)
            tryVerify(() => list.count > 0)
            verify(findChild(page, "captureButton").visible)
        }

        function test_syncStateVisible() {
            var bar = createTemporaryObject(barComponent, root)
            var state = findChild(bar, "syncStateText")
            verify(state.text.length > 0)
            verify(findChild(bar, "syncDetailText").text.length > 0)
        }
    }
}
