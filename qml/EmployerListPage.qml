import QtQuick
import Feltnotat

// "Arbeidsgivere": employers by name, with a button to add one.
RecordListPage {
    objectName: "employerListPage"
    title: qsTr("Arbeidsgivere")
    entity: "employer"
    filterLabel: qsTr("Søk etter navn")
    emptyText: qsTr("Ingen arbeidsgivere her.")
    addLabel: qsTr("Ny arbeidsgiver")
}
