import QtQuick
import QtTest
import Feltnotat
import "TypeHelper.js" as Type

// Pages are created inside this visible item: a TestCase itself is not visible.
Item {
    id: root
    width: 360
    height: 640

    TestCase {
        id: test
        name: "SearchPage"
        when: windowShown
        width: 360
        height: 640

        Component { id: pageComponent; SearchPage { width: 360; height: 640 } }
        Component { id: participantsComponent; RecordListModel { app: App; entity: "participant" } }

        function test_findsParticipantByPrefix() {
            var page = createTemporaryObject(pageComponent, root)
            var field = findChild(page, "searchField")
            mouseClick(field)
            // The first few letters of someone in the synthetic data.
            var name = App.firstRecordId("participant") !== "" ? firstName() : ""
            verify(name.length >= 3)
            Type.typeInto(test, name.substring(0, 3))
            var results = findChild(page, "searchResults")
            tryVerify(() => results.count > 0)
        }

        function firstName() {
            var model = createTemporaryObject(participantsComponent, this)
            return model.count > 0 ? model.data(model.index(0, 0), Qt.UserRole + 2) : ""
        }
    }
}
