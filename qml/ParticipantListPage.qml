import QtQuick
import Feltnotat

// "Deltakere": everyone the user can see, by name.
RecordListPage {
    objectName: "participantListPage"
    title: qsTr("Deltakere")
    entity: "participant"
    filterLabel: qsTr("Søk etter navn")
    emptyText: qsTr("Ingen deltakere her.")
    addLabel: qsTr("Ny deltaker")
}
