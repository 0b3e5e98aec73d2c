#ifndef ENTITLE_CYAML_SHIM_H
#define ENTITLE_CYAML_SHIM_H
#include <yaml.h>
#endif
