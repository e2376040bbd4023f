import QtQuick
import QtTest
import Feltnotat

// Min uke: employer contacts against the target of 6, and days since the last contact.
Item {
    id: root
    width: 360
    height: 640

    TestCase {
        name: "Week"
        when: windowShown

        Component {
            id: pageComponent
            WeekPage { width: 360; height: 640 }
        }

        function test_figures() {
            var page = createTemporaryObject(pageComponent, root)
            var tile = findChild(page, "employerContactsTile")
            verify(tile)
            // December review: "10 av 6" read as "10 of 6". The target is in the caption.
            verify(tile.caption.indexOf("mål 6") >= 0, tile.caption)
            verify(String(tile.value).indexOf(" av ") < 0, tile.value)
            tryVerify(() => findChild(page, "gapList").count > 0)
        }
    }
}
