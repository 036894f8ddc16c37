/* cmd_annotate: `patchmilter annotate` (being written). */
#include "commands.h"

int cmd_annotate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return 0;
}
