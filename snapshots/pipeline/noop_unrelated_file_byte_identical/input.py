# -*- coding: latin-1 -*-
label = "café"  


x = (1,
     2)
