import QtQuick
import QtTest
import Feltnotat

// Oppgaver: ticking a task off removes it from the open tasks.
Item {
    id: root
    width: 360
    height: 640

    TestCase {
        name: "Tasks"
        when: windowShown

        Component {
            id: pageComponent
            TasksPage { width: 360; height: 640 }
        }

        function test_markDone() {
            var page = createTemporaryObject(pageComponent, root)
            var list = findChild(page, "taskList")
            tryVerify(() => list.count > 0)
            var before = list.count
            var box = findChild(list, "taskDone")
            verify(box)
            mouseClick(box)
            tryCompare(list, "count", before - 1)
        }
    }
}
