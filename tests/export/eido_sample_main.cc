// Prints the EIDO export of the sample incident, for the schema check (check_eido_schema.py).
#include <iostream>

#include "common/config.h"
#include "dispatcher/export/eido.h"
#include "tests/export/sample_incident.h"

int main() {
  siaga::DispatcherConfig config = siaga::DefaultConfig();
  config.domain = "banten.siaga112.id";
  std::cout << siaga::eido::IncidentToEido(siaga::testing::SampleIncident(),
                                           siaga::testing::SampleHistory(), config)
            << '\n';
  return 0;
}
